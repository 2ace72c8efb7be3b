// Discard Local Changes and a conflict resolved with merged text, on the real
// engine against the emulator: the previous text is always kept as a backup.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hasConflictMarkers } from '../../src/sync/engine/resolveMerged';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const LOCAL_SETUP = 'notion/Acme Handbook/Getting Started/Local Setup.md';

describe('engine: discard local changes and merged resolutions', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('discard puts the pulled version back, backs up the edit, and drops a queued push', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const pulled = await readText(h.workspace, LOCAL_SETUP);
    await writeFile(path.join(h.workspace, LOCAL_SETUP), `${pulled}\nNot for Notion.\n`);
    assert.equal(await engine.noticeLocalEdits([LOCAL_SETUP]), 1);
    assert.equal(store.getQueue({ status: 'pending' }).filter((q) => q.operation === 'push').length, 1);
    const r = await engine.discardLocalChanges(LOCAL_SETUP);
    assert.equal(await readText(h.workspace, LOCAL_SETUP), pulled);
    assert.ok(r.backup);
    assert.match(await readFile(path.join(h.workspace, r.backup), 'utf8'), /Not for Notion\./);
    assert.equal(store.getQueue({ status: 'pending' }).filter((q) => q.operation === 'push').length, 0);
    assert.equal(store.getMapByPath(LOCAL_SETUP)?.state, 'synced');
    assert.match(store.listLog({ limit: 1 })[0]?.message ?? '', /discarded local changes to notion\/Acme Handbook\/Getting Started\/Local Setup\.md; previous text kept at \.notion-sync\/backups\//);
    await engine.sync();
    assert.doesNotMatch((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, /Not for Notion/);
    const again = await engine.discardLocalChanges(LOCAL_SETUP);
    assert.equal(again.backup, null, 'a clean file has nothing to back up');
  });

  it('refuses a file in conflict or not linked, with a message naming it', async () => {
    const { engine } = await h.open();
    await engine.pull();
    await assert.rejects(engine.discardLocalChanges('notion/nowhere.md'), /notion\/nowhere\.md is not linked to a Notion page/);
    await writeFile(path.join(h.workspace, LOCAL_SETUP), `${await readText(h.workspace, LOCAL_SETUP)}\nmine\n`);
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'theirs' });
    h.advance(120_000);
    const report = await engine.pull();
    assert.equal(report.conflicts, 1);
    await assert.rejects(engine.discardLocalChanges(LOCAL_SETUP), /is in conflict with Notion/);
  });

  it('a merged resolution writes the merged text, backs up the file, and refuses leftover markers', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const mine = `${await readText(h.workspace, LOCAL_SETUP)}\nmine\n`;
    await writeFile(path.join(h.workspace, LOCAL_SETUP), mine);
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'theirs' });
    h.advance(120_000);
    await engine.pull();
    const [c] = store.getUnresolvedConflicts();
    assert.ok(c);
    await assert.rejects(engine.resolveConflictMerged(c.id, 'a\n<<<<<<< local\nx\n=======\ny\n>>>>>>> notion\n'), /still has conflict markers/);
    const merged = c.remoteContent.replace(/theirs/, 'theirs\n\nmine');
    const r = await engine.resolveConflictMerged(c.id, merged);
    assert.equal(await readText(h.workspace, LOCAL_SETUP), merged);
    assert.equal(await readFile(path.join(h.workspace, r.backup ?? ''), 'utf8'), mine);
    assert.equal(store.getConflict(c.id)?.resolution, 'merged');
    assert.equal(store.getMapByPath(LOCAL_SETUP)?.state, 'modified', 'publish mode keeps the merge local');
  });

  it('recognises conflict markers only at the start of a line', () => {
    assert.equal(hasConflictMarkers('text\n<<<<<<< local\n'), true);
    assert.equal(hasConflictMarkers('>>>>>>>\n'), true);
    assert.equal(hasConflictMarkers('Title\n=======\n\na <<<<<<< b\n<<<<<<<<< nine\n'), false, 'a setext heading is not a marker');
  });
});
