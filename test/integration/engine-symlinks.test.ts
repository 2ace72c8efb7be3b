// Symbolic links are never followed for synced files or folders: a linked file
// is never created in Notion nor pushed, a linked folder never receives pulled
// files, and each refusal is reported (Problems, queue, log).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_IDS, harnessPerTest, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';
const SECRET = 'https://ada:ghp_SECRET_TOKEN_123@github.com/acme/handbook.git';

async function pagesHolding(h: Harness, needle: string): Promise<string[]> {
  const state = await h.control.state();
  const hits: string[] = [];
  for (const p of state.pages) if ((await h.control.getPage(p.id)).markdown.includes(needle) || p.title.includes('git config')) hits.push(p.title);
  return hits;
}

describe('engine: symbolic links are never followed', function () {
  this.timeout(60_000);
  let h: Harness;
  let outside: string;
  harnessPerTest((x) => (h = x));
  beforeEach(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), 'ns-outside-'));
  });
  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it('a linked file in a synced folder (bidirectional) creates no Notion page and is reported (git config, webhook token)', async () => {
    await mkdir(path.join(h.workspace, '.git'), { recursive: true });
    await writeFile(path.join(h.workspace, '.git', 'config'), `[remote "origin"]\n\turl = ${SECRET}\n`);
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await writeFile(path.join(h.workspace, '.notion-sync', 'webhook.verificationToken.secret'), 'secret_WEBHOOK_TOKEN_456');
    const link = `${ROOT}/Engineering/git config.md`;
    const tokenLink = `${ROOT}/Getting Started/token.md`;
    await symlink('../../../.git/config', path.join(h.workspace, link));
    await symlink('../../../.notion-sync/webhook.verificationToken.secret', path.join(h.workspace, tokenLink));
    const report = await engine.sync();
    assert.deepEqual(await pagesHolding(h, 'ghp_SECRET_TOKEN_123'), []);
    assert.deepEqual(await pagesHolding(h, 'secret_WEBHOOK_TOKEN_456'), []);
    assert.ok(!(await h.control.state()).pages.some((p) => p.title === 'token'));
    for (const l of [link, tokenLink]) {
      assert.equal(store.getMapByPath(l), undefined);
      const diag = report.index?.diagnostics.find((d) => d.path === l);
      assert.equal(diag?.code, 'symlink', JSON.stringify(report.index?.diagnostics));
    }
  });

  it('a synced file replaced by a link to an outside file is not pushed, and the link is left alone', async () => {
    await writeFile(path.join(outside, 'private.md'), `# Private\n\n${SECRET}\n`);
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const rel = `${ROOT}/Getting Started/Local Setup.md`;
    const abs = path.join(h.workspace, rel);
    const before = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    await unlink(abs);
    await symlink(path.join(outside, 'private.md'), abs);
    // Force the page to be re-read while Notion is unchanged, as a webhook or a retry would.
    store.enqueue({ operation: 'update', notionId: DEMO_IDS.localSetupPage, source: 'user' });
    store.enqueue({ operation: 'push', notionId: DEMO_IDS.localSetupPage, localId: `notion:${DEMO_IDS.localSetupPage}`, source: 'user' });
    const report = await engine.sync();
    assert.equal((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, before);
    assert.deepEqual(await pagesHolding(h, 'ghp_SECRET_TOKEN_123'), []);
    assert.equal(await readFile(path.join(outside, 'private.md'), 'utf8'), `# Private\n\n${SECRET}\n`, 'the outside file is untouched');
    assert.ok(report.failed > 0, 'the refusal is reported as a failed operation');
    const dead = store.getQueue({ status: 'dead' });
    assert.ok(dead.some((r) => /symbolic link/i.test(r.lastError ?? '')), JSON.stringify(dead));
    assert.ok(report.index?.diagnostics.some((d) => d.path === rel && d.code === 'symlink'));
  });

  it('a synced folder that is a link to an outside folder receives no pulled file', async () => {
    const { engine } = await h.open();
    await engine.pull();
    const dir = path.join(h.workspace, ROOT, 'Engineering');
    await rm(dir, { recursive: true, force: true });
    await symlink(outside, dir, 'dir');
    await h.control.editPage(DEMO_IDS.architecturePage, { markdown: 'Changed in Notion.\n' });
    await h.control.createPage({ parentId: DEMO_IDS.engineeringPage, title: 'Brand new child', markdown: 'New.\n' });
    const report = await engine.pull();
    assert.deepEqual(await readdir(outside), [], 'nothing was written through the link');
    assert.ok(report.failed > 0);
    assert.ok(report.index?.diagnostics.some((d) => d.path === `${ROOT}/Engineering` && d.code === 'symlink'), JSON.stringify(report.index?.diagnostics));
  });

  it('a new page whose file name is held by a link (even a dangling one) takes another name', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const dir = path.join(h.workspace, ROOT, 'Engineering');
    await symlink(path.join(outside, 'not-there.md'), path.join(dir, 'Linked.md'));
    const page = await h.control.createPage({ parentId: DEMO_IDS.engineeringPage, title: 'Linked', markdown: 'Pulled.\n' });
    const report = await engine.pull();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue({ status: 'dead' })));
    const placed = store.getMapByNotionId(page.id)?.path ?? '';
    assert.match(placed, /^notion\/Acme Handbook\/Engineering\/Linked \([0-9a-f]{4}\)\.md$/);
    assert.deepEqual(await readdir(outside), [], 'nothing was written through the link');
  });

  it('a folder path containing a linked folder pointing outside receives no pulled file', async () => {
    const { engine } = await h.open();
    await engine.pull();
    // The link is one level above the synced files: notion/Acme Handbook → outside.
    const dir = path.join(h.workspace, ROOT);
    await rm(dir, { recursive: true, force: true });
    await symlink(outside, dir, 'dir');
    await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: 'Changed in Notion.\n' });
    await engine.pull({ full: true });
    assert.deepEqual(await readdir(outside), [], 'nothing was written through the link');
  });
});
