// A run counts operations, not attempts: each due operation is claimed at most
// once per run, and the progress total does not grow when one fails.
import assert from 'node:assert/strict';
import { RunTally } from '../../../src/sync/engine/runTally';
import { memoryStore } from '../store/helpers';

describe('run tally (queue counts in operations)', () => {
  it('never hands a run the operation it already failed, even once its retry is due', async () => {
    const { store, clock } = await memoryStore();
    try {
      const a = store.enqueue({ operation: 'update', notionId: 'a' });
      const b = store.enqueue({ operation: 'update', notionId: 'b' });
      const tally = new RunTally();
      assert.deepEqual(tally.progress(store, clock.now()), { done: 0, total: 2 });
      const [first] = store.claimDue(1, clock.now(), tally.skip());
      store.markFailed(first.id, 'HTTP 500', { retryAfterMs: 0 });
      tally.finish(first.id, false);
      clock.advance(60 * 60_000); // its backoff has passed: another run would take it again
      assert.deepEqual(tally.progress(store, clock.now()), { done: 1, total: 2 }, 'the failed operation is not counted again');
      const [second] = store.claimDue(1, clock.now(), tally.skip());
      assert.equal(second.id, first.id === a.id ? b.id : a.id);
      store.markSucceeded(second.id);
      tally.finish(second.id, true);
      assert.deepEqual(store.claimDue(1, clock.now(), tally.skip()), [], 'nothing left for this run');
      assert.deepEqual({ processed: tally.processed, failed: tally.failed }, { processed: 2, failed: 1 });
      assert.deepEqual(tally.progress(store, clock.now()), { done: 2, total: 2 });
      assert.equal(store.queueCounts().error, tally.failed, "the run's failures are the queue's");
      assert.equal(store.claimDue(1, clock.now(), new RunTally().skip())[0]?.id, first.id, 'the next run retries it');
    } finally {
      await store.close();
    }
  });
});
