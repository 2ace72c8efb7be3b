// A kill -9 right after the local scan's record of a file reached the state
// file, before the operation that scan should queue (a create for a new file,
// a push for an edit) did: the state file as the dead process left it is
// reopened, and the next sync must still create the page / push the edit. The
// scan's record alone used to make later scans take the file as already seen,
// so the new file stayed without a page for good (the reliability suite's
// kill -9 during a bidirectional push found 6 of 17 such files).
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultStatePath } from '../../src/sync/engine/open';
import { nullLogger } from '../../src/sync/logger';
import { openStateStore } from '../../src/sync/store';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const FOLDER = 'notion/Acme Handbook/Getting Started';
const NEW_FILE = `${FOLDER}/Team rituals.md`;
const EDITED = `${FOLDER}/Local Setup.md`;

/**
 * Runs a bidirectional sync that dies right after the scan's transaction (the
 * first write to binder_documents): the state file is copied as soon as that
 * write is flushed (what a kill -9 at that moment leaves), and the run is
 * aborted before it reaches Notion. Returns the copy's path.
 */
async function syncKilledAfterScan(h: Harness): Promise<string> {
  const crashState = path.join(h.workspace, '.notion-sync', 'killed-after-scan.sqlite');
  const { engine, store, close } = await h.open({ mode: 'bidirectional' });
  const kill = new AbortController();
  let snapshot: Promise<void> | undefined;
  const stop = store.onDidWrite((tables) => {
    if (snapshot || !tables.has('binder_documents')) return;
    kill.abort();
    // Copied synchronously once that flush is on disk: no later flush can land in between.
    snapshot = store.flush().then(() => copyFileSync(defaultStatePath(h.workspace), crashState));
  });
  try {
    await assert.rejects(engine.sync({ signal: kill.signal }), /abort/i);
  } finally {
    stop();
  }
  assert.ok(snapshot, 'the scan wrote binder_documents');
  await snapshot;
  await close();
  return crashState;
}

async function openQueue(statePath: string) {
  const store = await openStateStore({ path: statePath, logger: nullLogger, readOnly: true });
  try {
    return store.getQueue().map((r) => ({ op: r.operation, path: r.payload.path, localId: r.localId }));
  } finally {
    await store.close();
  }
}

describe('engine: kill -9 between the scan and the operation it queues (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  beforeEach(async () => {
    const first = await h.open({ mode: 'bidirectional' });
    await first.engine.pull();
    // A while later, a pull that finds nothing new: Notion's pages are then surely seen, and an
    // incremental pull leaves them alone (discovery.ts alreadySeen), as on most days.
    await h.control.advanceClock(2 * 60_000);
    h.advance(2 * 60_000);
    await first.engine.pull();
    await first.close();
  });

  it('a new file still becomes one page', async () => {
    await writeFile(path.join(h.workspace, NEW_FILE), '# Team rituals\n\nStand-up at ten.\n');
    const crashState = await syncKilledAfterScan(h);
    // The window was hit: the dead process's state knows the file but has no create queued.
    assert.deepEqual((await openQueue(crashState)).filter((q) => q.path === NEW_FILE), [], 'no create in the state at the kill');

    const next = await h.open({ mode: 'bidirectional' }, { statePath: crashState });
    const report = await next.engine.sync();
    assert.equal(report.failed, 0);
    const pages = (await h.control.state()).pages.filter((p) => p.title === 'Team rituals' && !p.inTrash);
    assert.equal(pages.length, 1, 'one page for the new file');
    assert.match(await readText(h.workspace, NEW_FILE), new RegExp(`notion_id: ${pages[0]!.id}`));
  });

  it('an edit to a synced file still reaches Notion', async () => {
    await appendFile(path.join(h.workspace, EDITED), '\nA paragraph typed before the kill.\n');
    const edited = await readText(h.workspace, EDITED);
    const crashState = await syncKilledAfterScan(h);
    assert.deepEqual((await openQueue(crashState)).filter((q) => q.op === 'push'), [], 'no push in the state at the kill');
    assert.equal(await readText(h.workspace, EDITED), edited);

    const next = await h.open({ mode: 'bidirectional' }, { statePath: crashState });
    const report = await next.engine.sync();
    assert.equal(report.failed, 0);
    assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
    assert.match((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, /A paragraph typed before the kill\./);
  });
});
