// kill -9 of `notion-sync pull` at random moments, `kills` times, each followed by
// the checks (no torn file, the state database opens), then a pull to the end:
// one file per page, none duplicated or lost, each equal to Notion's page.
import assert from 'node:assert/strict';
import { parseDocument } from '../../../src/sync/documents/frontmatter';
import { DEMO_IDS, listFiles, readText, startHarness } from '../../integration/support/engineHarness';
import { defaultStatePath } from '../../../src/sync/engine/open';
import { nullLogger } from '../../../src/sync/logger';
import { openStateStore } from '../../../src/sync/store';
import { assertIntact, between, printCounts, runCli } from '../support';

export function killDuringPull(kills: number): void {
  describe('reliability: kill -9 during pull', function () {
    this.timeout(kills * 20_000 + 120_000);

    it(`survives ${kills} kills with no duplicate, torn or lost file`, async () => {
      const pages = 300;
      const h = await startHarness({ seed: 'empty', pages });
      try {
        const args = ['pull', '--workspace', h.workspace, '--root', DEMO_IDS.benchRoot, '--api-url', h.emulator.baseUrl, '--requests-per-minute', '6000', '--json'];
        const children = (await h.control.state()).pages.filter((p) => p.parentId === DEMO_IDS.benchRoot).map((p) => p.id);
        const edits = new Map<string, string>();
        let killed = 0;
        let finished = 0;
        for (let i = 0; i < kills * 6 && killed < kills; i++) {
          const r = await runCli(args, between(400, 2200));
          if (r.signal === 'SIGKILL') killed++;
          else {
            // Exit 1 only for conflicts (counted below, and there must be none), never for a failed operation.
            const report = JSON.parse(r.stdout) as { failed: number; conflicts: number };
            assert.ok(r.code === 0 || (r.code === 1 && report.failed === 0), `${r.stdout}\n${r.stderr}`);
            finished++;
          }
          // Edits in Notion every few runs (and after a run that finished), so later runs pull them while killed.
          if (r.signal !== 'SIGKILL' || i % 5 === 4) {
            // Notion's clock moves on before the edits too. The CLI runs on the real clock, so it reads
            // the emulator's jump as clock skew and applies it to its earlier sync times: an edit in the
            // same minute as a pull before the jump would look already seen (discovery.ts alreadySeen).
            await h.control.advanceClock(2 * 60_000);
            for (let k = 0; k < 20; k++) {
              const id = children[between(0, children.length)]!;
              const token = `remote-edit-${i}-${k}`;
              await h.control.editPage(id, { appendMarkdown: `\n${token}\n` });
              edits.set(token, id);
            }
            await h.control.advanceClock(2 * 60_000);
          }
          await assertIntact(h.workspace, `after run ${i}`);
        }
        const final = await runCli(args);
        const finalReport = JSON.parse(final.stdout) as { failed: number; conflicts: number };
        assert.equal(finalReport.failed, 0, final.stderr);
        // Only Notion is edited: a conflict means a killed run's write was taken for a local edit
        // (the write is announced first now: src/sync/engine/writeIntent.ts).
        const conflicted = new Set((await conflictIds(h.workspace)));
        const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
        const ids = new Map<string, string>();
        for (const f of files) {
          const doc = parseDocument(await readText(h.workspace, f), f);
          assert.ok(doc.ok, f);
          const id = doc.frontmatter.notion_id as string;
          assert.ok(!ids.has(id), `${id} in ${f} and ${ids.get(id)}`);
          ids.set(id, f);
        }
        const live = (await h.control.state()).pages.filter((p) => !p.inTrash);
        const lost: string[] = [];
        for (const [token, id] of edits) if (!conflicted.has(id) && !(await readText(h.workspace, ids.get(id)!)).includes(token)) lost.push(token);
        printCounts('kill -9 during pull', { 'kills': killed, 'runs that finished before the kill': finished, 'files': files.length, 'pages in Notion': live.length, "edits made in Notion between runs": edits.size, 'edits missing from files not in conflict': lost.length, 'pages in conflict though edited only in Notion': conflicted.size, 'duplicate files': files.length - ids.size, 'torn files / unreadable state after a kill': 0 });
        assert.equal(files.length, live.length, 'one file per page');
        assert.deepEqual(lost, [], 'Notion edits missing from the files');
        assert.deepEqual([...conflicted], [], 'pages in conflict though edited only in Notion');
        assert.ok(killed >= kills, `only ${killed} runs were killed`);
      } finally {
        await h.close();
      }
    });
  });
}

async function conflictIds(workspace: string): Promise<string[]> {
  const store = await openStateStore({ path: defaultStatePath(workspace), logger: nullLogger, readOnly: true });
  try {
    return store.getUnresolvedConflicts().flatMap((c) => (c.notionId ? [c.notionId] : []));
  } finally {
    await store.close();
  }
}
