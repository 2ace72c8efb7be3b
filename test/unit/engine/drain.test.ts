// drainQueue: workers keep going while another operation may still queue work.
import assert from 'node:assert/strict';
import { drainQueue } from '../../../src/sync/engine/drain';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('drainQueue', () => {
  it('runs work queued by a running operation with every worker, not only the one that queued it', async () => {
    const queue: string[] = ['list'];
    let inFlight = 0;
    let maxInFlight = 0;
    const done: string[] = [];
    await drainQueue({
      claim: () => queue.shift(),
      concurrency: 4,
      stopped: () => false,
      run: async (item) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Like a database refresh: listing takes a while, then queues its rows.
        await tick(item === 'list' ? 20 : 5);
        if (item === 'list') queue.push(...Array.from({ length: 12 }, (_, i) => `row${i}`));
        inFlight--;
        done.push(item);
        return true;
      },
    });
    assert.equal(done.length, 13);
    assert.equal(maxInFlight, 4, 'the rows ran four at a time');
  });

  it('ends when the queue is empty and nothing runs, counts failures, and stops claiming when stopped', async () => {
    const results: boolean[] = [];
    await drainQueue({ claim: () => undefined, run: async () => true, concurrency: 3, stopped: () => false, onDone: (ok) => results.push(ok) });
    assert.equal(results.length, 0);
    const queue = [1, 2, 3, 4, 5, 6];
    let stop = false;
    await drainQueue({
      claim: () => queue.shift(),
      concurrency: 1,
      stopped: () => stop,
      run: async (n) => {
        if (n === 3) stop = true;
        return n % 2 === 0;
      },
      onDone: (ok) => results.push(ok),
    });
    assert.deepEqual(results, [false, true, false]);
    assert.deepEqual(queue, [4, 5, 6], 'nothing claimed after the stop');
  });
});
