// A dry run is the same pull, planned on a copy of the state: it lists every
// file a real pull creates (children of pages not yet pulled included) and
// leaves the workspace byte-identical, state database included (issue 9).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_IDS, harnessPerTest, listFiles, type Harness } from './support/engineHarness';
import { runCli } from './support/cliProcess';

const ROOT = 'notion/Acme Handbook';

/** Every file under the workspace, engine folder included, with a hash of its bytes. */
async function snapshot(workspace: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await listFiles(workspace, { includeEngine: true })) {
    out[f] = createHash('sha256').update(await readFile(path.join(workspace, f))).digest('hex');
  }
  return out;
}

describe('engine: dry run plans the real pull and writes nothing (issue 9)', function () {
  this.timeout(120_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('on a fresh workspace (CLI): nothing written, not even the state file; the same creates as a real pull', async () => {
    const ws = await mkdtemp(path.join(os.tmpdir(), 'ns-dry-'));
    try {
      const args = ['pull', '--workspace', ws, '--root', DEMO_IDS.rootPage, '--api-url', h.emulator.baseUrl, '--json'];
      const env = { NOTION_TOKEN: 'secret_test_token' };
      const dry = await runCli([...args, '--dry-run'], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(await listFiles(ws, { includeEngine: true }), [], 'the workspace is untouched');
      const planned = (JSON.parse(dry.stdout) as { changes: Array<{ action: string; path: string }> }).changes;
      const real = await runCli(args, env);
      assert.equal(real.code, 0, real.stderr);
      const created = (await listFiles(ws)).filter((f) => f.endsWith('.md'));
      const plannedCreates = planned.filter((c) => c.action === 'create').map((c) => c.path).sort();
      assert.deepEqual(plannedCreates, created, 'every file the pull created was in the plan, and nothing else');
      assert.ok(created.some((f) => f.startsWith(`${ROOT}/Getting Started/`)), 'children of pages not yet pulled are planned');
    } finally {
      await rm(ws, { recursive: true, force: true });
    }
  });

  it('on a synced workspace with changes on both sides: byte-identical after, and the plan is what the pull then does', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await store.flush();
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'A remote line.\n' });
    await h.control.createPage({ parentId: DEMO_IDS.architecturePage, title: 'Decisions', markdown: 'A new child.\n' });
    await writeFile(path.join(h.workspace, `${ROOT}/Engineering/New note.md`), 'Written locally.\n');
    const before = await snapshot(h.workspace);
    const plan = await engine.pull({ dryRun: true });
    assert.equal(plan.dryRun, true);
    assert.deepEqual(await snapshot(h.workspace), before, 'files and state are byte-identical');
    assert.equal((await h.control.state()).pages.filter((p) => p.title === 'New note').length, 0, 'nothing was created in Notion');
    const real = await engine.sync();
    const key = (c: { action: string; path: string }) => `${c.action} ${c.path}`;
    const did = real.changes.filter((c) => c.action !== 'push').map(key).sort();
    assert.deepEqual(plan.changes.filter((c) => c.action !== 'push').map(key).sort(), did);
    assert.ok(plan.changes.some((c) => c.action === 'push' && c.path.endsWith('New note.md')), 'the new page is in the plan');
    assert.ok(did.includes(`create ${ROOT}/Engineering/Architecture/Decisions.md`), did.join('\n'));
  });
});
