// The engine against the emulator over real HTTP: pull, incremental pulls,
// remote edits, moves, deletes, conflicts and a lost state database.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { pageLinks } from '../../src/sync/engine/pageLinks';
import { bodyHash, canonicalHash, parseNotion } from '../../src/sync/markdown';
import { DEMO_IDS, harnessPerTest, listFiles, markdownV2, readText, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';

describe('engine: pull in publish mode (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('pulls the demo workspace into files that match the emulator', async () => {
    const { engine, store } = await h.open();
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
    assert.ok(files.includes(`${ROOT}.md`), files.join('\n'));
    assert.ok(files.includes(`${ROOT}/Getting Started/Local Setup.md`));
    assert.ok(files.some((f) => f.startsWith(`${ROOT}/Tasks/`)), 'database rows become files');
    const state = await h.control.state();
    const live = state.pages.filter((p) => !p.inTrash);
    assert.equal(files.length, live.length, 'one file per page and row');
    for (const map of store.listMaps()) {
      if (map.notionType !== 'page') continue;
      const text = await readText(h.workspace, map.path);
      const doc = parseDocument(text, map.path);
      assert.ok(doc.ok);
      const snap = await h.control.getPage(map.notionId);
      assert.equal(doc.frontmatter.notion_id, map.notionId);
      assert.equal(doc.frontmatter.title, snap.title);
      // The file holds the page's content in portable form: equal to Notion's by canonical hash.
      assert.equal(bodyHash(doc.body, pageLinks(store, map.path)), canonicalHash(parseNotion(await markdownV2(h, map.notionId), 'v2').root), `body of ${map.path}:\n${doc.body}`);
      assert.ok(!/<(callout|page|database|toggle|mention)\b/.test(doc.body.replace(/```[\s\S]*?```/g, '')), `no raw Notion tag in ${map.path}`);
    }
    // Rows carry typed properties; databases became projects, task rows tasks.
    const task = store.listTasks()[0];
    assert.ok(task && task.status, 'a task with a status');
    assert.equal(store.listProjects().length, 2);
    assert.ok(store.listResources().some((r) => r.kind === 'image'));
    const row = parseDocument(await readText(h.workspace, task.path!), task.path!);
    assert.ok(row.ok && typeof row.frontmatter.Estimate === 'number' && Array.isArray(row.frontmatter.Assignee));
  });

  it('a second pull with nothing changed writes nothing and makes a handful of requests', async () => {
    const { engine } = await h.open();
    // Notion rounds edit times down to the minute, so only a fetch a minute
    // after the last edit can trust timestamps alone: model a workspace last
    // edited a while ago (the emulator's seed was written just now).
    await h.control.advanceClock(2 * 60_000);
    await engine.pull();
    const before = new Map<string, number>();
    for (const f of await listFiles(h.workspace)) before.set(f, (await stat(path.join(h.workspace, f))).mtimeMs);
    await h.control.clearRequests();
    const report = await engine.pull();
    assert.deepEqual(report.changes, []);
    const requests = await h.control.requests();
    assert.ok(requests.length <= 5, `made ${requests.length} requests: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    for (const [f, mtime] of before) assert.equal((await stat(path.join(h.workspace, f))).mtimeMs, mtime, `${f} rewritten`);
  });

  it('a clock running ahead of Notion\'s does not skip an edit made in the same minute', async () => {
    const { engine } = await h.open();
    h.advance(5 * 60_000); // our clock five minutes fast
    await engine.pull();
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'Same minute, later edit.\n' });
    await engine.pull();
    assert.match(await readText(h.workspace, `${ROOT}/Getting Started/Local Setup.md`), /Same minute, later edit\./);
  });

  it('a remote edit arrives by poll, even within the same minute', async () => {
    const { engine } = await h.open();
    await engine.pull();
    await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: 'Install Node 20.\n\nThen run `npm ci`.\n' });
    const report = await engine.pull();
    assert.deepEqual(report.changes.map((c) => c.action), ['update']);
    const text = await readText(h.workspace, `${ROOT}/Getting Started/Local Setup.md`);
    assert.match(text, /Then run `npm ci`\./);
  });

  it('a page inside a toggle is pulled into the folder of the page holding the toggle', async () => {
    const { engine } = await h.open();
    await engine.pull();
    const snap = await h.control.getPage(DEMO_IDS.gettingStartedPage);
    const toggle = snap.blocks.find((b) => b.type === 'toggle');
    assert.ok(toggle, 'the demo page has a toggle');
    await h.control.createPage({ parentId: String(toggle.id), title: 'Inside a toggle', markdown: 'Tucked away.\n' });
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    assert.match(await readText(h.workspace, `${ROOT}/Getting Started/Inside a toggle.md`), /Tucked away\./);
  });

  it('a remote rename and move moves the file (and its children folder)', async () => {
    const { engine } = await h.open();
    await engine.pull();
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    await h.control.movePage(DEMO_IDS.architecturePage, DEMO_IDS.rootPage);
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    const files = await listFiles(h.workspace);
    assert.ok(files.includes(`${ROOT}/Onboarding.md`), files.join('\n'));
    assert.ok(files.includes(`${ROOT}/Onboarding/Local Setup.md`), 'children follow their parent');
    assert.ok(!files.includes(`${ROOT}/Getting Started.md`));
    assert.ok(files.includes(`${ROOT}/Architecture.md`));
    assert.ok(!files.includes(`${ROOT}/Engineering/Architecture.md`));
  });

  it('a page moved out of the synced root goes to the trash folder', async () => {
    const { engine } = await h.open();
    await engine.pull();
    const elsewhere = await h.control.createPage({ title: 'Elsewhere' });
    await h.control.movePage(DEMO_IDS.localSetupPage, elsewhere.id);
    const report = await engine.pull();
    assert.ok(report.changes.some((c) => c.action === 'trash' && c.path.endsWith('Local Setup.md')), JSON.stringify(report.changes));
    assert.ok(!existsSync(path.join(h.workspace, `${ROOT}/Getting Started/Local Setup.md`)));
    assert.ok(!(await listFiles(h.workspace)).some((f) => f.includes('Elsewhere')), 'nothing pulled from outside the root');
  });

  it('a remote delete moves the file to the trash folder, restorable', async () => {
    const { engine } = await h.open();
    await engine.pull();
    await h.control.trashPage(DEMO_IDS.localSetupPage);
    const report = await engine.pull({ full: true });
    // The parent's body lost its <page> tag, so it is updated too.
    assert.deepEqual(report.changes.map((c) => `${c.action} ${c.path}`).sort(), [`trash ${ROOT}/Getting Started/Local Setup.md`, `update ${ROOT}/Getting Started.md`]);
    assert.ok(!existsSync(path.join(h.workspace, `${ROOT}/Getting Started/Local Setup.md`)));
    const trashed = (await listFiles(h.workspace, { includeEngine: true })).filter((f) => f.startsWith('.notion-sync/trash/'));
    assert.ok(trashed.some((f) => f.endsWith('Local Setup.md')), trashed.join('\n'));
  });

  it('a mass delete is held back until confirmed', async () => {
    const { engine } = await h.open({ deleteThreshold: 2 });
    await engine.pull();
    const state = await h.control.state();
    const rows = state.pages.filter((p) => p.parentType === 'data_source' && !p.inTrash).slice(0, 4);
    for (const r of rows) await h.control.trashPage(r.id);
    const held = await engine.pull({ full: true, confirmDeletes: async () => false });
    assert.equal(held.blockedDeletions.length, 4);
    for (const p of held.blockedDeletions) assert.ok(existsSync(path.join(h.workspace, p)), `${p} kept`);
    let asked: string[] = [];
    const done = await engine.pull({ full: true, confirmDeletes: async (paths) => ((asked = paths), true) });
    assert.equal(asked.length, 4);
    assert.equal(done.changes.filter((c) => c.action === 'trash').length, 4);
  });

  it('local and remote edits make a conflict, and the local words survive', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const rel = `${ROOT}/Getting Started/Local Setup.md`;
    const original = await readText(h.workspace, rel);
    const mine = original.replace(/\n$/, '\nMy own note: ask Grace about the VPN.\n');
    await writeFile(path.join(h.workspace, rel), mine);
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'Remote addition.\n' });
    const report = await engine.pull();
    assert.equal(report.conflicts, 1);
    assert.equal(await readText(h.workspace, rel), mine, 'local file untouched');
    const [conflict] = store.getUnresolvedConflicts();
    assert.equal(conflict.path, rel);
    assert.equal(conflict.localContent, mine);
    assert.match(conflict.remoteContent, /Remote addition\./);
    assert.equal(conflict.baseContent, original);
    // A local-only edit elsewhere is kept and marked modified, not overwritten.
    const other = `${ROOT}/Engineering.md`;
    await writeFile(path.join(h.workspace, other), `${await readText(h.workspace, other)}\nlocal only\n`);
    await engine.pull();
    assert.match(await readText(h.workspace, other), /local only/);
    assert.equal(store.getMapByPath(other)?.state, 'modified');

    // Accepting Notion's version keeps a backup of the local words.
    const { backup } = await engine.resolveConflict(conflict.id, 'notion');
    assert.ok(backup, 'a backup path');
    assert.equal(await readText(h.workspace, backup!), mine);
    assert.match(await readText(h.workspace, rel), /Remote addition\./);
    assert.equal(store.getUnresolvedConflicts().length, 0);
    assert.equal(store.getMapByPath(rel)?.state, 'synced');
  });

  it('keeping the local version leaves the file and does not raise the same conflict again', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const rel = `${ROOT}/Engineering.md`;
    const mine = `${await readText(h.workspace, rel)}\nmine\n`;
    await writeFile(path.join(h.workspace, rel), mine);
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'theirs\n' });
    await engine.pull();
    const [c] = store.getUnresolvedConflicts();
    await engine.resolveConflict(c.id, 'local');
    assert.equal(await readText(h.workspace, rel), mine);
    const again = await engine.pull({ full: true });
    assert.equal(again.conflicts, 0);
    assert.equal(await readText(h.workspace, rel), mine);
    // A later Notion edit conflicts again: never a silent overwrite.
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'theirs again\n' });
    const third = await engine.pull();
    assert.equal(third.conflicts, 1);
    assert.equal(await readText(h.workspace, rel), mine);
  });

  it('rebuilds a lost state database from frontmatter without duplicate files', async () => {
    const statePath = path.join(h.workspace, '.notion-sync', 'state.sqlite');
    const first = await h.open();
    await first.engine.pull();
    const rel = `${ROOT}/Engineering.md`;
    const edited = `${await readText(h.workspace, rel)}\nedited while the state was lost\n`;
    await writeFile(path.join(h.workspace, rel), edited);
    const before = await listFiles(h.workspace);
    await first.close();
    await rm(statePath);
    const second = await h.open();
    const report = await second.engine.pull();
    assert.equal(report.failed, 0);
    assert.deepEqual(await listFiles(h.workspace), before, 'same files, no duplicates');
    assert.equal(await readText(h.workspace, rel), edited, 'local edit kept');
    assert.equal(second.engine.read.mapByPath(rel)?.state, 'modified');
    const synced = second.engine.read.maps().filter((m) => m.state === 'synced' && m.notionType === 'page');
    assert.equal(synced.length, before.filter((f) => f.endsWith('.md')).length - 1);
  });

  it('never writes the token to the state database, the workspace or the log', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    await store.flush();
    for (const f of await listFiles(h.workspace, { includeEngine: true })) {
      const bytes = await readFile(path.join(h.workspace, f));
      assert.ok(!bytes.includes('secret_test_token'), `${f} holds the token`);
    }
    assert.ok(!h.logger.lines.some((l) => l.includes('secret_test_token')));
  });

  it('a file renamed locally stays synced under its new name', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    await rename(path.join(h.workspace, `${ROOT}/Engineering.md`), path.join(h.workspace, `${ROOT}/Engineering notes.md`));
    const report = await engine.pull({ full: true });
    assert.equal(report.conflicts, 0);
    assert.equal(store.getMapByNotionId(DEMO_IDS.engineeringPage)?.path, `${ROOT}/Engineering notes.md`);
    assert.equal(store.getMapByNotionId(DEMO_IDS.engineeringPage)?.state, 'synced');
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'after the rename\n' });
    await engine.pull();
    assert.match(await readText(h.workspace, `${ROOT}/Engineering notes.md`), /after the rename/);
    assert.ok(!existsSync(path.join(h.workspace, `${ROOT}/Engineering.md`)));
  });

  it('a dry run reports the changes and writes nothing', async () => {
    const { engine, store } = await h.open();
    const report = await engine.pull({ dryRun: true });
    assert.ok(report.changes.length >= 5, `${report.changes.length} changes`);
    assert.ok(report.changes.every((c) => c.action === 'create'));
    assert.deepEqual((await listFiles(h.workspace)).filter((f) => f.endsWith('.md')), []);
    assert.equal(store.listMaps().length, 0);
  });
});

describe('engine: unlink and link', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('an unlinked file stays local: not pulled, not adopted, until linked again', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const rel = `${ROOT}/Engineering.md`;
    assert.ok(await engine.unlink(rel));
    const mine = `${await readText(h.workspace, rel)}\nnow a plain local file\n`;
    await writeFile(path.join(h.workspace, rel), mine);
    await h.control.advanceClock(2 * 60_000); // a later minute than the file's notion_last_edited
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'edited in Notion\n' });
    const report = await engine.pull({ full: true });
    assert.equal(report.conflicts, 0);
    assert.equal(await readText(h.workspace, rel), mine);
    assert.equal(store.getMapByNotionId(DEMO_IDS.engineeringPage), undefined);
    assert.ok(!(await listFiles(h.workspace)).some((f) => f.startsWith(`${ROOT}/Engineering (`)), 'no second copy');

    await engine.link(rel, DEMO_IDS.engineeringPage);
    const linked = await engine.sync();
    assert.equal(linked.conflicts, 1, 'the linked file differs from Notion: a conflict, not an overwrite');
    assert.equal(await readText(h.workspace, rel), mine);
  });
});
