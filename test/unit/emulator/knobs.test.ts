import assert from 'node:assert/strict';
import { defaultKnobs, pickFault, sampleLatency, TokenBucket, WindowBudget } from '../../../src/emulator/knobs';
import { paginate } from '../../../src/emulator/pagination';
import { dateMatches } from '../../../src/emulator/filters';
import { ApiError } from '../../../src/emulator/errors';
import { normalizeId, stableId } from '../../../src/emulator/ids';
import { minuteIso } from '../../../src/emulator/time';

describe('emulator knobs and helpers', () => {
  it('token bucket allows a burst of `rate`, then asks for whole seconds', () => {
    const b = new TokenBucket();
    b.configure(3, 0);
    assert.deepEqual([b.take(0), b.take(0), b.take(0)], [0, 0, 0]);
    const wait = b.take(0);
    assert.ok(Number.isInteger(wait) && wait >= 1);
    assert.equal(b.take(400), 0, 'refilled after a third of a second at 3/s');
    b.configure(0, 500);
    for (let i = 0; i < 100; i++) assert.equal(b.take(500), 0, 'rate 0 means off');
  });

  it('window budget: any burst up to the limit, then whole seconds until the window resets', () => {
    const w = new WindowBudget();
    for (let i = 0; i < 3; i++) {
      assert.equal(w.wait(3, 60_000, 1_000), 0);
      w.take(3, 60_000, 1_000);
    }
    assert.equal(w.wait(3, 60_000, 1_000), 60);
    assert.equal(w.wait(3, 60_000, 30_500), 31, 'rounded up');
    assert.equal(w.wait(3, 60_000, 61_000), 0, 'a new window');
    assert.equal(w.wait(0, 60_000, 1_000), 0, 'limit 0 means off');
  });

  it('latency: a log-normal with the asked median and 99th percentile', () => {
    // A small deterministic generator (xorshift), so the figures are stable.
    let x = 2463534242;
    const random = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 4294967296;
    };
    const samples = Array.from({ length: 20_001 }, () => sampleLatency({ latencyMs: 270, latencyP99Ms: 1200 }, random)).sort((a, b) => a - b);
    const median = samples[10_000];
    const p99 = samples[Math.floor(samples.length * 0.99)];
    assert.ok(Math.abs(median - 270) < 15, `median ${median}`);
    assert.ok(Math.abs(p99 - 1200) < 120, `p99 ${p99}`);
    assert.equal(sampleLatency({ latencyMs: 50, latencyP99Ms: null }), 50, 'no tail: exactly the median');
  });

  it('failNext fails exactly N requests with the chosen kinds', () => {
    const k = { ...defaultKnobs(), failNext: 2, faultKinds: ['529' as const] };
    assert.deepEqual([pickFault(k), pickFault(k), pickFault(k)], ['529', '529', undefined]);
    const always = { ...defaultKnobs(), faultRate: 1, faultKinds: ['500' as const, 'drop' as const] };
    const seen = new Set(Array.from({ length: 50 }, () => pickFault(always)));
    assert.deepEqual([...seen].sort(), ['500', 'drop']);
    assert.equal(pickFault({ ...defaultKnobs(), faultRate: 0 }), undefined);
  });

  it('paginates by id cursors and caps at the result limit', () => {
    const items = Array.from({ length: 25 }, (_, i) => `id${i}`);
    const page1 = paginate(items, (x) => x, (x) => ({ x }), undefined, 10, 'block');
    assert.equal((page1.results as unknown[]).length, 10);
    assert.equal(page1.next_cursor, 'id10');
    const capped = paginate(items, (x) => x, (x) => ({ x }), 'id10', 10, 'block', 15);
    assert.equal((capped.results as unknown[]).length, 5);
    assert.equal(capped.has_more, false);
    assert.deepEqual(capped.request_status, { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' });
    assert.throws(() => paginate(items, (x) => x, (x) => ({ x }), 'nope', 10, 'block'), (e: unknown) => e instanceof ApiError && e.code === 'validation_error');
    assert.throws(() => paginate(items, (x) => x, (x) => ({ x }), undefined, 0, 'block'), ApiError);
  });

  it('compares date-only operands by whole days and instants exactly', () => {
    const t = Date.parse('2026-12-05T15:30:00Z');
    assert.equal(dateMatches(t, { equals: '2026-12-05' }, 0), true);
    assert.equal(dateMatches(t, { on_or_after: '2026-12-05T15:30:00Z' }, 0), true);
    assert.equal(dateMatches(t, { after: '2026-12-05T15:30:00Z' }, 0), false);
    assert.equal(dateMatches(t, { before: '2026-12-06' }, 0), true);
    assert.equal(dateMatches(t, { past_week: {} }, t + 86_400_000), true);
    assert.throws(() => dateMatches(t, { after: 'not a date' }, 0), ApiError);
  });

  it('normalises ids and rounds times down to the minute', () => {
    const id = stableId('x');
    assert.equal(normalizeId(id.replace(/-/g, '').toUpperCase()), id);
    assert.equal(normalizeId('nope'), undefined);
    assert.equal(stableId('x'), id, 'stable across calls');
    assert.equal(minuteIso(Date.parse('2026-01-01T10:11:59.999Z')), '2026-01-01T10:11:00.000Z');
  });
});
