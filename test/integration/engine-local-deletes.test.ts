// A synced page's file deleted locally: not sent to Notion, and not left
// missing behind a "synced" status either. The next pull brings it back and
// says why; a file moved by the person is followed, not restored.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { RESTORED_DETAIL } from '../../src/sync/engine/plan';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';
const LOCAL_SETUP = `${ROOT}/Getting Started/Local Setup.md`;
const ENGINEERING = `${ROOT}/Engineering.md`;

describe('engine: a synced file deleted locally (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  for (const mode of ['publish', 'bidirectional'] as const) {
    it(`${mode}: the next sync restores it from Notion, says so, and sends nothing to Notion`, async () => {
      const { engine, store } = await h.open({ mode });
      await engine.pull();
      const before = await readText(h.workspace, LOCAL_SETUP);
      await rm(path.join(h.workspace, LOCAL_SETUP));
      await h.control.clearRequests();
      const report = await engine.sync();
      assert.equal(report.failed, 0);
      assert.deepEqual(
        report.changes.map((c) => [c.action, c.path, c.detail]),
        [['update', LOCAL_SETUP, RESTORED_DETAIL]],
      );
      assert.equal(await readText(h.workspace, LOCAL_SETUP), before);
      assert.equal(store.getMapByPath(LOCAL_SETUP)?.state, 'synced');
      const writes = (await h.control.requests()).filter((r) => r.method !== 'GET' && !/\/(search|query)$/.test(r.path));
      assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [], 'nothing went to Notion');
      assert.equal((await h.control.state()).pages.find((p) => p.id === DEMO_IDS.localSetupPage)?.inTrash, false);
      assert.deepEqual((await engine.sync()).changes, [], 'restored once');
    });
  }

  it('a deleted file whose page changed in Notion comes back with Notion\'s text; an unlinked one stays deleted', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    await rm(path.join(h.workspace, LOCAL_SETUP));
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'Edited in Notion meanwhile.' });
    h.advance(120_000);
    await engine.sync();
    assert.match(await readText(h.workspace, LOCAL_SETUP), /Edited in Notion meanwhile\./);
    await engine.unlink(ENGINEERING);
    await rm(path.join(h.workspace, ENGINEERING));
    assert.deepEqual((await engine.sync()).changes.filter((c) => c.path === ENGINEERING), []);
    assert.ok(!existsSync(path.join(h.workspace, ENGINEERING)), 'an unlinked file is no longer ours to restore');
    assert.equal(store.getUnresolvedConflicts().length, 0);
  });

  it('a file the person moved (notion_id kept) is followed to its new place, not restored at the old one', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await mkdir(path.join(h.workspace, 'notion/Elsewhere'), { recursive: true });
    await rename(path.join(h.workspace, LOCAL_SETUP), path.join(h.workspace, 'notion/Elsewhere/Setup.md'));
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    assert.ok(!report.changes.some((c) => c.detail === RESTORED_DETAIL), JSON.stringify(report.changes));
    const map = store.getMapByNotionId(DEMO_IDS.localSetupPage);
    assert.ok(map && existsSync(path.join(h.workspace, map.path)), `the mapping leads to a file (${map?.path})`);
    const copies = [LOCAL_SETUP, 'notion/Elsewhere/Setup.md'].filter((p) => existsSync(path.join(h.workspace, p)));
    assert.equal(copies.length, 1, `one file for the page, not two: ${copies.join(', ')}`);
  });
});
