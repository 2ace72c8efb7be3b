// Smaller defects from the adversarial run (issue 8): CRLF files merge three
// ways, a NUL in a child page's title does not turn its parent into "binary",
// and temp files left by a killed write leave the user's folders.
import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_IDS, harnessPerTest, listFiles, readText, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';
const LOCAL_SETUP = `${ROOT}/Getting Started/Local Setup.md`;

describe('engine: smaller defects (issue 8)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('a CRLF file merges with a Notion edit instead of conflicting, and stays CRLF', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const abs = path.join(h.workspace, LOCAL_SETUP);
    const crlf = (await readFile(abs, 'utf8')).replace(/\n$/, '\nLocal tail.\n').replace(/\n/g, '\r\n');
    await writeFile(abs, crlf);
    const snap = await h.control.getPage(DEMO_IDS.localSetupPage);
    await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: `Remote head.\n${snap.markdown}` });
    const report = await engine.sync();
    assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    const text = await readText(h.workspace, LOCAL_SETUP);
    assert.match(text, /Remote head\./);
    assert.match(text, /Local tail\./);
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'the file kept its CRLF line endings');
    const remote = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    assert.match(remote, /Remote head\./);
    assert.match(remote, /Local tail\./);
  });

  it('a NUL in a child page title leaves the parent file text, tracked', async () => {
    await h.control.createPage({ parentId: DEMO_IDS.engineeringPage, title: 'Bad\u0000Title', markdown: 'Child.\n' });
    const { engine, store } = await h.open();
    await engine.pull();
    const report = await engine.pull();
    const parent = `${ROOT}/Engineering.md`;
    assert.deepEqual(report.index?.diagnostics.filter((d) => d.path === parent), []);
    assert.equal((await readText(h.workspace, parent)).includes('\0'), false);
    assert.ok(store.getDocumentByPath(parent), 'the parent is still a tracked document');
    assert.equal(store.getMapByPath(parent)?.state, 'synced');
  });

  it("moves the atomic writer's leftover temp files out of the user's folders, and nothing else", async () => {
    const { engine } = await h.open();
    await engine.pull();
    const dir = path.join(h.workspace, ROOT, 'Getting Started');
    const old = '.Local Setup.md.0123456789ab.tmp';
    const young = '.Local Setup.md.ba9876543210.tmp';
    const mine = '.my-notes.md.tmp';
    for (const name of [old, young, mine]) await writeFile(path.join(dir, name), `text of ${name}\n`);
    const longAgo = new Date(Date.now() - 3600_000);
    await utimes(path.join(dir, old), longAgo, longAgo);
    await utimes(path.join(dir, mine), longAgo, longAgo);
    await engine.pull();
    const files = await listFiles(h.workspace, { includeEngine: true });
    assert.ok(!files.includes(`${ROOT}/Getting Started/${old}`), 'the interrupted write left the folder');
    assert.ok(files.includes(`.notion-sync/backups/interrupted-writes/${ROOT}/Getting Started/${old}`), files.join('\n'));
    assert.ok(files.includes(`${ROOT}/Getting Started/${young}`), 'a temp file that may belong to a live write stays');
    assert.ok(files.includes(`${ROOT}/Getting Started/${mine}`), "a file of another shape is the user's");
  });
});
