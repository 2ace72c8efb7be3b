// The shared request budget, on a clock the tests move by hand.
import assert from 'node:assert/strict';
import { BudgetLimiter, concurrencyFor, HALVING_COOLDOWN_MS, WINDOW_MS, WINDOW_SLACK_MS, type LimiterStatus } from '../../../src/sync/notion/budgetLimiter';
import { ManualClock } from './manualClock';
import { simulatePull } from './windowSim';

const WINDOW = WINDOW_MS + WINDOW_SLACK_MS;

/** Reserves n slots and returns their waits. */
function reserveMany(limiter: BudgetLimiter, n: number): number[] {
  return Array.from({ length: n }, () => limiter.reserve());
}

/** Sends n requests now, each answered (accepted) at once. */
function sendAccepted(limiter: BudgetLimiter, n: number, spacingMs = 0, clock?: ManualClock): void {
  for (let i = 0; i < n; i++) {
    limiter.settle(limiter.reserveSlot(), 'accepted');
    clock?.advance(spacingMs);
  }
}

describe('notion/budgetLimiter', () => {
  it('spends the whole budget in a burst, then waits for the window to reset', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 180, clock });
    const waits = reserveMany(limiter, 181);
    assert.ok(waits.slice(0, 180).every((w) => w === 0), 'the first 180 go at once');
    assert.equal(waits[180], WINDOW, 'the 181st waits a full window (plus slack: no answer has dated the window yet)');
    assert.equal(limiter.status().inWindow, 1, 'the next window holds the 181st (the 180 out have a minute to be answered)');
  });

  it('takes the reset from the first answer: Notion began its window by then', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 100, clock });
    const first = limiter.reserveSlot();
    clock.advance(200);
    limiter.settle(first, 'accepted');
    sendAccepted(limiter, 99);
    const wait = limiter.reserve();
    assert.equal(clock.now() + wait, 200 + WINDOW_MS, 'the 101st goes 60 s after the first answer, not after the first send plus slack');
    clock.advance(wait);
    assert.deepEqual(reserveMany(limiter, 99), Array(99).fill(0), 'and the next window is spent in a burst too');
  });

  it('counts a request answered after the window could have reset in the next window as well', () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 10, clock });
    const slots = Array.from({ length: 10 }, () => limiter.reserveSlot());
    clock.advance(100);
    for (const s of slots.slice(0, 9)) limiter.settle(s, 'accepted');
    // The tenth is answered 70 s after it was sent: it may have arrived in Notion's next window.
    clock.advance(70_000);
    limiter.settle(slots[9]!, 'accepted');
    assert.equal(reserveMany(limiter, 10).filter((w) => w === 0).length, 9, 'nine go now; the straggler took the tenth place');
  });

  it('never puts more than the budget into any of Notion\'s windows, and uses them', () => {
    for (const windows of ['restart', 'aligned'] as const) {
      for (const [perMinute, concurrency, seed] of [
        [600, 24, 1],
        [180, 8, 2],
        [60, 4, 3],
      ] as const) {
        const requests = perMinute * 3 + perMinute / 2;
        const r = simulatePull({ perMinute, serverPerMinute: perMinute, requests, concurrency, windows, phase: 41_000, seed, latency: [40, 160] });
        assert.equal(r.refused, 0, `${windows} ${perMinute}/min: no 429`);
        assert.equal(r.fullest, perMinute);
        // Three full windows, then half a budget at the last reset: the floor is 3 windows.
        const efficiency = (3 * WINDOW_MS) / r.ms;
        assert.ok(efficiency >= 0.93, `${windows} ${perMinute}/min: ${efficiency.toFixed(3)} of the floor`);
      }
    }
  });

  it('holds every caller during a push-back, even those already waiting for a slot', async () => {
    const clock = new ManualClock();
    const limiter = new BudgetLimiter({ requestsPerMinute: 2, clock });
    for (let i = 0; i < 2; i++) limiter.settle((await limiter.acquire()).slot, 'accepted');
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
    sendAccepted(limiter, 50);
    limiter.pushBack('connection', 20_000);
    assert.equal(limiter.status().currentPerMinute, 600, 'one 429 alone does not tell the window');
    // Window 2: from the reset, 180 accepted, then a 429 that says the window ends in 60 s less the time spent.
    clock.advance(20_000);
    sendAccepted(limiter, 180, 50, clock);
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
      sendAccepted(limiter, 8);
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

  it('keeps enough requests in flight to spend a window in a burst, within 4..24', () => {
    assert.deepEqual([60, 180, 600, 900, 6_000].map(concurrencyFor), [4, 8, 24, 24, 24]);
  });

  it('learns the budget of a server that grants less than the setting, with no request lost', () => {
    const r = simulatePull({ perMinute: 600, serverPerMinute: 180, requests: 700, concurrency: 24, latency: [40, 160] });
    assert.equal(r.fullest, 180);
    assert.ok(r.refused > 0 && r.refused < 100, `${r.refused} answered 429, each sent again`);
  });
});
