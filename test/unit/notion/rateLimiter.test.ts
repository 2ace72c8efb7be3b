import assert from 'node:assert/strict';
import { RateLimiter } from '../../../src/sync/notion/rateLimiter';
import { backoffDelay } from '../../../src/sync/notion/backoff';
import { parseRetryAfter } from '../../../src/sync/notion/errors';
import { ManualClock } from './manualClock';

describe('notion/rateLimiter', () => {
  it('lets a burst through, then spaces requests at the average rate', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 3, burst: 3, clock });
    const waits = Array.from({ length: 7 }, () => limiter.reserve());
    // 3 at once, then one every 333 ms.
    assert.deepEqual(
      waits.map((w) => Math.round(w)),
      [0, 0, 0, 333, 667, 1000, 1333],
    );
  });

  it('refills while idle, but never beyond the burst', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 2, clock });
    limiter.reserve();
    limiter.reserve();
    clock.advance(10_000);
    const waits = [limiter.reserve(), limiter.reserve(), limiter.reserve()];
    assert.deepEqual(waits, [0, 0, 500]);
  });

  it('holds every caller during a pause, then resumes one interval apart', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 4, burst: 4, clock });
    limiter.pause(2_000);
    assert.equal(limiter.pausedFor(), 2_000);
    const waits = [limiter.reserve(), limiter.reserve(), limiter.reserve()];
    assert.deepEqual(waits, [2_000, 2_250, 2_500]);
    // A shorter pause never shortens a longer one.
    limiter.pause(100);
    assert.equal(limiter.pausedFor(), 2_000);
  });

  it('keeps the average over real time (20/s, burst 1: 11 requests take ≈ 500 ms)', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 1 });
    const start = Date.now();
    for (let i = 0; i < 11; i++) await limiter.acquire();
    const elapsed = Date.now() - start;
    assert.ok(elapsed >= 480 && elapsed < 800, `took ${elapsed} ms`);
  });

  it('serves concurrent callers in arrival order', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 50, burst: 1 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.acquire().then(() => order.push(i))));
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(waiting, (e: Error) => e.name === 'AbortError');
  });

  it('rejects a non-positive rate', () => {
    assert.throws(() => new RateLimiter({ requestsPerSecond: 0, burst: 1 }), RangeError);
  });
});

describe('notion/backoff', () => {
  it('doubles per attempt with jitter between half and the whole step, capped', () => {
    const opts = { initialMs: 100, maxMs: 1_000 };
    assert.equal(backoffDelay(0, { ...opts, random: () => 0 }), 50);
    assert.equal(backoffDelay(0, { ...opts, random: () => 0.999999 }), 100);
    assert.equal(backoffDelay(3, { ...opts, random: () => 0 }), 400);
    assert.equal(backoffDelay(10, { ...opts, random: () => 0.999999 }), 1_000);
    for (let attempt = 0; attempt < 8; attempt++) {
      const step = Math.min(1_000, 100 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, opts);
        assert.ok(d >= step / 2 && d <= step, `attempt ${attempt}: ${d}`);
      }
    }
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('2'), 2_000);
    assert.equal(parseRetryAfter('0.5'), 500);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
  });
});
