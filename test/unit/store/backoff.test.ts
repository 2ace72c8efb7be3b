import assert from 'node:assert/strict';
import { backoffDelayMs } from '../../../src/sync/store';
import { seededRandom } from './helpers';

const almostOne = () => 1 - 1e-12;

describe('store: backoffDelayMs', () => {
  it('full jitter stays within [0, base·2^(n-1)]', () => {
    for (let n = 1; n <= 10; n++) {
      const ceiling = Math.min(15 * 60_000, 1000 * 2 ** (n - 1));
      assert.equal(backoffDelayMs(n, { random: () => 0 }), 0);
      const top = backoffDelayMs(n, { random: almostOne });
      assert.ok(top <= ceiling && top >= ceiling * 0.999, `n=${n}: ${top} vs ${ceiling}`);
    }
  });

  it('the window doubles with each retry until the cap', () => {
    const tops = [1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, { random: almostOne, baseMs: 100 }));
    assert.deepEqual(tops, [100, 200, 400, 800, 1600]);
  });

  it('never exceeds maxMs, even for huge retry counts', () => {
    assert.equal(backoffDelayMs(20, { random: almostOne }), 15 * 60_000);
    assert.equal(backoffDelayMs(5000, { random: almostOne, maxMs: 30_000 }), 30_000);
    assert.ok(Number.isFinite(backoffDelayMs(5000, { random: almostOne })));
  });

  it('jitter spreads delays across the window', () => {
    const random = seededRandom(42);
    const samples = Array.from({ length: 2000 }, () => backoffDelayMs(6, { random, baseMs: 1000 }));
    const window = 32_000;
    const buckets = new Array<number>(4).fill(0);
    for (const s of samples) {
      assert.ok(s >= 0 && s <= window);
      buckets[Math.min(3, Math.floor((s / window) * 4))]++;
    }
    // Uniform: each quarter holds about 500 of 2000.
    for (const b of buckets) assert.ok(b > 400 && b < 600, `bucket ${b}`);
    assert.ok(new Set(samples).size > 1500, 'delays are not clustered');
  });

  it('decorrelated jitter stays between base and 3× the previous delay, capped', () => {
    const random = seededRandom(7);
    let previous = 1000;
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(i + 1, { jitter: 'decorrelated', previousDelayMs: previous, random, maxMs: 60_000 });
      assert.ok(d >= 1000 && d <= Math.min(60_000, previous * 3), `${d} after ${previous}`);
      previous = d;
    }
    assert.equal(backoffDelayMs(1, { jitter: 'decorrelated', previousDelayMs: 10_000_000, random: almostOne }), 15 * 60_000);
  });
});
