// The one scheduler the extension and the CLI's webhook mode share: first poll,
// poll interval, a burst of webhook events applied once, a busy engine skipped,
// nothing after stop. Short real intervals; the engine is a recorder of calls
// (this is a test of timing policy: the engine's own work is tested elsewhere).
import assert from 'node:assert/strict';
import type { PullReport } from '../../src/sync/engine/engine';
import { SyncScheduler, type Schedulable, type SchedulerOptions } from '../../src/sync/scheduler';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(): PullReport {
  return { dryRun: false, full: false, changes: [], processed: 0, failed: 0, conflicts: 0, blockedDeletions: [], index: null, ms: 1 };
}

class Recorder implements Schedulable {
  busy = false;
  syncs = 0;
  runs = 0;
  failNext: Error | null = null;
  async sync(): Promise<PullReport> {
    this.syncs++;
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    return report();
  }
  async processQueue() {
    this.runs++;
    return { processed: 0, failed: 0 };
  }
}

describe('sync scheduler (shared by the extension and notion-sync webhook)', () => {
  const started: SyncScheduler[] = [];
  const start = (engine: Schedulable, o: Partial<SchedulerOptions>) => {
    const s = new SyncScheduler(engine, { pollIntervalSeconds: 0.05, minPollIntervalMs: 10, firstPollDelayMs: 5, batchDelayMs: 20, onError: () => {}, ...o });
    started.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of started.splice(0)) s.stop();
  });

  it('polls first after the first-poll delay, then every interval', async () => {
    const engine = new Recorder();
    const polled: PullReport[] = [];
    start(engine, { firstPollDelayMs: 5, onPolled: (r) => polled.push(r) });
    await wait(25);
    assert.equal(engine.syncs, 1, 'the first poll ran before the interval');
    await wait(100);
    assert.ok(engine.syncs >= 2 && engine.syncs <= 4, `polls every 50 ms: ${engine.syncs} in 125 ms`);
    assert.equal(polled.length, engine.syncs, 'every poll report reaches the caller');
  });

  it('a poll interval of 0 turns polling off, the first poll included', async () => {
    const engine = new Recorder();
    start(engine, { pollIntervalSeconds: 0 });
    await wait(40);
    assert.equal(engine.syncs, 0);
  });

  it('the interval never goes below the minimum', async () => {
    const engine = new Recorder();
    start(engine, { pollIntervalSeconds: 0.001, minPollIntervalMs: 40, firstPollDelayMs: 1000 });
    await wait(100);
    assert.ok(engine.syncs >= 1 && engine.syncs <= 3, `${engine.syncs} polls in 100 ms at a 40 ms floor`);
  });

  it('a burst of webhook events is applied once, after the last of them', async () => {
    const engine = new Recorder();
    const s = start(engine, { pollIntervalSeconds: 0 });
    for (let i = 0; i < 5; i++) {
      s.processSoon();
      await wait(5);
    }
    assert.equal(engine.runs, 0, 'nothing runs while events keep coming');
    await wait(40);
    assert.equal(engine.runs, 1);
  });

  it('skips a poll while the engine is busy, and reports a failed one without stopping', async () => {
    const engine = new Recorder();
    const errors: string[] = [];
    let settled = 0;
    const s = start(engine, { pollIntervalSeconds: 0, onError: (what, e) => errors.push(`${what}: ${(e as Error).message}`), onSettled: () => settled++ });
    engine.busy = true;
    await s.poll();
    assert.equal(engine.syncs, 0, 'a busy engine is left alone');
    engine.busy = false;
    engine.failNext = new Error('Notion is down');
    await s.poll();
    await s.poll();
    assert.deepEqual(errors, ['poll: Notion is down']);
    assert.equal(engine.syncs, 2);
    assert.equal(settled, 2);
  });

  it('nothing fires after stop', async () => {
    const engine = new Recorder();
    const s = start(engine, { firstPollDelayMs: 10 });
    s.processSoon();
    s.stop();
    await wait(80);
    assert.equal(engine.syncs + engine.runs, 0);
  });
});
