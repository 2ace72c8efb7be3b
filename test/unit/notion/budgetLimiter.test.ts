// The shared request budget, on a clock the tests move by hand.
import assert from 'node:assert/strict';
import { BudgetLimiter, concurrencyFor, HALVING_COOLDOWN_MS, WINDOW_MS, WINDOW_SLACK_MS, type LimiterStatus } from '../../../src/sync/notion/budgetLimiter';
import { ManualClock } from './manualClock';

const WINDOW = WINDOW_MS + WINDOW_SLACK_MS;

/** Reserves n slots and returns their waits. */
function reserveMany(limiter: BudgetLimiter, n: number): number[] {
  return Array.from({ length: n }, () => limiter.reserve());
}

describe('notion/budgetLimiter', () => {
  it('spends the whole budget in a burst, then waits for the oldest request to leave the window', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 180, clock });
    const waits = reserveMany(limiter, 181);
    assert.ok(waits.slice(0, 180).every((w) => w === 0), 'the first 180 go at once');
    assert.equal(waits[180], WINDOW, 'the 181st waits a full window (plus slack)');
    assert.equal(limiter.status().inWindow, 181);
  });

  it('never puts more than the budget into any window, over many windows', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 60, clock });
    const sendTimes: number[] = [];
    for (let i = 0; i < 600; i++) {
      sendTimes.push(clock.now() + limiter.reserve());
      clock.advance(37); // callers arrive faster than the budget allows
    }
    for (const start of sendTimes) {
      const inWindow = sendTimes.filter((t) => t >= start && t < start + WINDOW_MS).length;
      assert.ok(inWindow <= 60, `${inWindow} requests in the window from ${start}`);
    }
    const spanMinutes = ((sendTimes.at(-1) ?? 0) - (sendTimes[0] ?? 0)) / WINDOW;
    assert.ok(600 / (spanMinutes + 1) >= 57, 'and uses the budget: close to 60 per window');
  });

  it('holds every caller during a push-back, even those already waiting for a slot', async () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 2, clock });
    await limiter.acquire();
    await limiter.acquire();
    let woke = -1;
    const waiting = limiter.acquire().then(() => (woke = clock.now()));
    clock.advance(1_000);
    limiter.pushBack('workspace', 90_000); // waits over a minute are honoured
    assert.equal(limiter.status().pausedUntil, 91_000);
    assert.equal(limiter.status().reason, 'workspace');
    clock.advance(WINDOW); // the slot it first reserved has come, but the pause has not ended
    await Promise.resolve();
    assert.equal(woke, -1);
    clock.advance(91_000 - clock.now());
    await waiting;
    assert.ok(woke >= 91_000, `woke at ${woke}`);
  });

  it('learns the budget Notion grants from two windows of 429s, then stays under it', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 600, clock });
    // Window 1 (we started mid-window; nothing to learn yet): 429 after 50 accepted, reset in 20 s.
    for (let i = 0; i < 50; i++) limiter.noteAccepted(clock.now() + limiter.reserve());
    limiter.pushBack('connection', 20_000);
    assert.equal(limiter.status().currentPerMinute, 600, 'one 429 alone does not tell the window');
    // Window 2: from the reset, 180 accepted, then a 429 that says the window ends in 60 s less the time spent.
    clock.advance(20_000);
    for (let i = 0; i < 180; i++) {
      limiter.noteAccepted(clock.now() + limiter.reserve());
      clock.advance(50);
    }
    limiter.pushBack('connection', WINDOW_MS - 180 * 50);
    assert.equal(limiter.status().currentPerMinute, 180);
    // Window 3 onwards: at most 180 per window, so no further 429.
    clock.advance(WINDOW_MS - 180 * 50);
    const waits = reserveMany(limiter, 181);
    assert.equal(waits.filter((w) => w === 0).length, 180);
  });

  it('only pauses on short waits that span no window (a per-second bucket)', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 600, clock });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 8; i++) limiter.noteAccepted(clock.now() + limiter.reserve());
      limiter.pushBack('connection', 1_000);
      clock.advance(1_000);
    }
    assert.equal(limiter.status().currentPerMinute, 600);
  });

  it('halves on overload and on the shared workspace budget, never below the floor, and climbs back when quiet', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 180, clock });
    const changes: LimiterStatus[] = [];
    limiter.onChange((s) => changes.push(s));
    limiter.pushBack('overload', 2_000);
    assert.equal(limiter.status().currentPerMinute, 90);
    limiter.pushBack('overload', 2_000);
    assert.equal(limiter.status().currentPerMinute, 90, 'answers arriving together are one signal');
    clock.advance(HALVING_COOLDOWN_MS);
    limiter.pushBack('workspace', 2_000);
    assert.equal(limiter.status().currentPerMinute, 45);
    for (let i = 0; i < 5; i++) {
      clock.advance(HALVING_COOLDOWN_MS);
      limiter.pushBack('overload', 0);
    }
    assert.equal(limiter.status().currentPerMinute, 10, 'floor');
    limiter.pushBack('endpoint', 5_000);
    assert.equal(limiter.status().currentPerMinute, 10, 'an endpoint limit only pauses');
    let budget = 10;
    for (let minute = 0; minute < 12; minute++) {
      clock.advance(WINDOW);
      limiter.reserve();
      assert.ok(limiter.status().currentPerMinute >= budget);
      budget = limiter.status().currentPerMinute;
    }
    assert.equal(budget, 180, 'back to the ceiling, a tenth per quiet window');
    assert.equal(changes.length, 9 + 10, 'every push-back and every raise is reported');
    assert.ok(changes.some((c) => c.pausedUntil !== null && c.reason === 'endpoint'));
  });

  it('reports no pause once it is over', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 180, clock });
    limiter.pushBack('connection', 5_000);
    assert.equal(limiter.pausedFor(), 5_000);
    clock.advance(5_000);
    assert.deepEqual({ ...limiter.status(), inWindow: 0 }, { requestsPerMinute: 180, currentPerMinute: 180, inWindow: 0, pausedUntil: null, reason: null });
  });

  it('keeps the budget over real time (120/min, 3 over the budget wait a window)', async () => {
    const limiter = new BudgetLimiter({ requestsPerMinute: 3 });
    const started = Date.now();
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    assert.ok(Date.now() - started < 100);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(limiter.acquire(controller.signal), (e: Error) => e.name === 'AbortError');
  });

  it('rejects a budget below one', () => {
    assert.throws(() => new BudgetLimiter({ requestsPerMinute: 0 }), RangeError);
    assert.throws(() => new BudgetLimiter({ requestsPerMinute: Number.NaN }), RangeError);
  });

  it('keeps about one request in flight per request/s of budget, within 4..16', () => {
    assert.deepEqual([60, 180, 600, 900, 6_000].map(concurrencyFor), [4, 4, 10, 15, 16]);
  });
});
