// One status model: after a run with failures, every count a person sees (the
// run's report, the progress, the status, the Queue view's rows) is the
// queue's, in operations, not attempts. Faults come from the emulator.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Progress } from '../../src/sync/engine/engine';
import { countStates } from '../../src/sync/engine/fileStates';
import { DEMO_IDS, startHarness, type Harness } from './support/engineHarness';

const PAGES = [DEMO_IDS.gettingStartedPage, DEMO_IDS.localSetupPage, DEMO_IDS.engineeringPage, DEMO_IDS.architecturePage];

function failuresInQueue(read: { queue(q: { status: ('error' | 'dead')[] }): unknown[] }): number {
  return read.queue({ status: ['error', 'dead'] }).length;
}

describe('engine: counts after a run with failures equal the queue (emulator faults)', function () {
  this.timeout(180_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('counts failed operations once, keeps the progress total fixed, and agrees with the status and the queue', async () => {
    const { engine } = await h.open();
    await engine.pull();
    // Notion is down for every request: each refresh fails after the gateway's own retries.
    await h.control.setKnobs({ faultRate: 1, faultKinds: ['500'] });
    await h.control.clearRequests();
    for (const id of PAGES) engine.enqueueRefresh(id);
    const progress: Progress[] = [];
    const r = await engine.processQueue({ onProgress: (p) => progress.push({ ...p }) });

    assert.equal(r.failed, PAGES.length, 'one failure per operation, not per attempt');
    assert.equal(r.processed, PAGES.length, 'each operation tried once in the run');
    assert.equal(failuresInQueue(engine.read), PAGES.length);
    const status = engine.read.status();
    assert.equal(status.queue.error + status.queue.dead, r.failed);
    assert.equal(status.state, 'error');
    // The progress total never grew while the failures were retried by the gateway.
    assert.deepEqual([...new Set(progress.map((p) => p.total))], [PAGES.length]);
    assert.deepEqual(progress.map((p) => p.done), [1, 2, 3, 4]);
    // The run did not retry an operation itself: at most the gateway's six attempts per page.
    const requests = await h.control.requests();
    assert.ok(requests.length <= PAGES.length * 6, `${requests.length} requests`);
    // Document counts in the status are the status model's, file by file.
    assert.deepEqual(status.documents, countStates(engine.read.files().values()));

    // Another run while Notion is still down: the same operations fail again, and are still four, not eight.
    const again = await engine.processQueue();
    assert.ok(again.failed <= PAGES.length, `${again.failed} failed`);
    assert.equal(failuresInQueue(engine.read), PAGES.length);

    // Notion is back; once the backoff has passed, a Sync Now clears the failures and says so.
    await h.control.setKnobs({ faultRate: 0 });
    h.advance(60 * 60_000);
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    assert.ok(report.processed >= PAGES.length, `${report.processed} processed`);
    assert.equal(failuresInQueue(engine.read), 0);
    assert.equal(engine.read.status().state, 'idle');
  });

  it('a synced file edited into invalid frontmatter is an error in the status and in the file list, and stops being one when fixed', async () => {
    const { engine } = await h.open();
    await engine.pull();
    const rel = engine.read.mapByNotionId(DEMO_IDS.localSetupPage)?.path ?? '';
    const abs = path.join(h.workspace, ...rel.split('/'));
    const good = await readFile(abs, 'utf8');
    await writeFile(abs, `---\ntitle: [never closed\n${good.slice(4)}`);
    await engine.indexDocuments();
    const status = engine.read.status();
    assert.equal(status.documents.error, 1);
    assert.equal(status.documents.synced, countStates(engine.read.files().values()).synced);
    const file = engine.read.fileStatus(rel);
    assert.equal(file?.state, 'error');
    assert.match(file?.problem ?? '', /front ?matter/i);
    await writeFile(abs, good);
    await engine.indexDocuments();
    assert.equal(engine.read.status().documents.error, 0);
    assert.equal(engine.read.fileStatus(rel)?.state, 'synced');
  });
});
