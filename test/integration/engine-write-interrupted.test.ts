// A pull that wrote a page's new version into its file and died (kill -9)
// before the state that goes with it (hashes, base) reached the state file.
// The next run found a file unlike the one it knew and took it for a local
// edit: once the page changed in Notion again, a page edited only in Notion
// became a conflict (the reliability suite's kill -9 during pull found it).
// The next run must recognise the file as the engine's own write.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultStatePath } from '../../src/sync/engine/open';
import type { SyncMode } from '../../src/sync/settings';
import type { OpenedEngine } from '../../src/sync/engine/open';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const FILE = 'notion/Acme Handbook/Getting Started/Local Setup.md';
const ENGINEERING = 'notion/Acme Handbook/Engineering.md';
const NOTE = 'notion/Acme Handbook/Getting Started/Team rituals.md';
const FIRST = 'Edited in Notion before the kill.';
const SECOND = 'Edited in Notion after the kill.';

/** The files that make up the engine's state (the database and what sits beside it), as they are now. */
function snapshotState(statePath: string): Map<string, Buffer> {
  const dir = path.dirname(statePath);
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) if (name.startsWith(path.basename(statePath))) files.set(name, readFileSync(path.join(dir, name)));
  return files;
}

/** Puts the state back as a kill at the snapshot left it (files added since are removed). */
function restoreState(statePath: string, files: Map<string, Buffer>): void {
  const dir = path.dirname(statePath);
  for (const name of readdirSync(dir)) if (name.startsWith(path.basename(statePath)) && !files.has(name)) rmSync(path.join(dir, name));
  for (const [name, bytes] of files) writeFileSync(path.join(dir, name), bytes);
}

async function editInNotion(h: Harness, pageId: string, line: string): Promise<void> {
  await h.control.editPage(pageId, { appendMarkdown: `\n${line}\n` });
  await h.control.advanceClock(2 * 60_000);
  h.advance(2 * 60_000);
}

/**
 * Runs `job` on a new engine and leaves the state files as they were at the
 * first committed write to `table` after which `rel` holds text matching
 * `written` (what a kill -9 at that moment leaves: that write not flushed).
 */
async function killedAtWrite(h: Harness, mode: SyncMode, at: { table: string; rel: string; written: RegExp }, job: (e: OpenedEngine) => Promise<unknown>): Promise<void> {
  const state = defaultStatePath(h.workspace);
  const opened = await h.open({ mode });
  let atKill: Map<string, Buffer> | undefined;
  const abs = path.join(h.workspace, at.rel);
  const stop = opened.store.onDidWrite((tables) => {
    if (atKill || !tables.has(at.table) || !existsSync(abs) || !at.written.test(readFileSync(abs, 'utf8'))) return;
    atKill = snapshotState(state);
  });
  await job(opened);
  stop();
  await opened.close();
  assert.ok(atKill, `${at.rel} was written`);
  restoreState(state, atKill);
  assert.match(await readText(h.workspace, at.rel), at.written);
}

/** The engine indexes a file it wrote right after the write, before it saves the page's state. */
const pulled = (rel: string, written: RegExp) => ({ table: 'binder_documents', rel, written });

describe('engine: kill -9 between the write of a pulled file and the save of its state (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  for (const mode of ['publish', 'bidirectional'] as SyncMode[]) {
    it(`${mode}: the next pull takes the file as the engine's write; a later Notion edit is pulled, no conflict`, async () => {
      const first = await h.open({ mode });
      await first.engine.pull();
      await first.close();
      await editInNotion(h, DEMO_IDS.localSetupPage, FIRST);
      await killedAtWrite(h, mode, pulled(FILE, new RegExp(FIRST)), (e) => e.engine.pull());

      await editInNotion(h, DEMO_IDS.localSetupPage, SECOND);
      const third = await h.open({ mode });
      const report = await third.engine.sync();
      assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
      const text = await readText(h.workspace, FILE);
      assert.match(text, new RegExp(FIRST));
      assert.match(text, new RegExp(SECOND));
      assert.equal(third.engine.read.mapByPath(FILE)?.state, 'synced');
      assert.equal((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown.split(FIRST).length - 1, 1, 'nothing pushed back twice');
    });
  }

  it('the same for a file whose links the engine rewrote (a linked page back from the trash)', async () => {
    const later = async () => {
      await h.control.advanceClock(2 * 60_000);
      h.advance(2 * 60_000);
    };
    const first = await h.open();
    await first.engine.pull();
    await later();
    await h.control.trashPage(DEMO_IDS.gettingStartedPage);
    await first.engine.sync({ full: true });
    await first.close();
    assert.match(await readText(h.workspace, ENGINEERING), /\(https:\/\/www\.notion\.so\//, 'the link became a Notion URL');
    await later();
    await h.control.restorePage(DEMO_IDS.gettingStartedPage);
    await later();
    // Engineering is not pulled again (unchanged in Notion): the relink after the restore rewrites it (reform.ts).
    await killedAtWrite(h, 'publish', pulled(ENGINEERING, /\]\(Getting%20Started\.md\)/), (e) => e.engine.sync());

    await editInNotion(h, DEMO_IDS.engineeringPage, SECOND);
    const next = await h.open();
    const report = await next.engine.sync();
    assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
    assert.match(await readText(h.workspace, ENGINEERING), new RegExp(SECOND));
    assert.equal(next.engine.read.mapByPath(ENGINEERING)?.state, 'synced');
  });

  it('bidirectional: a page just created from a new file; a Notion edit in the same minute is pulled, not pushed away', async () => {
    const first = await h.open({ mode: 'bidirectional' });
    await first.engine.pull();
    await first.close();
    await h.control.advanceClock(2 * 60_000);
    h.advance(2 * 60_000);
    await writeFile(path.join(h.workspace, NOTE), '# Team rituals\n\nStand-up at ten.\n');
    // Killed as the created page's mapping is saved: the file already carries its notion_id.
    await killedAtWrite(h, 'bidirectional', { table: 'notion_maps', rel: NOTE, written: /notion_id: / }, (e) => e.engine.sync());
    const [page] = (await h.control.state()).pages.filter((p) => p.title === 'Team rituals' && !p.inTrash);
    assert.ok(page);
    await h.control.editPage(page.id, { appendMarkdown: `\n${SECOND}\n` });
    await h.control.advanceClock(2 * 60_000);
    h.advance(2 * 60_000);

    const next = await h.open({ mode: 'bidirectional' });
    const report = await next.engine.sync();
    assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
    assert.match((await h.control.getPage(page.id)).markdown, new RegExp(SECOND), 'the Notion edit is still in Notion');
    assert.match(await readText(h.workspace, NOTE), new RegExp(SECOND), 'and in the file');
    assert.equal((await h.control.state()).pages.filter((p) => p.title === 'Team rituals' && !p.inTrash).length, 1);
  });
});
