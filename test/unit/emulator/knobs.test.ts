import assert from 'node:assert/strict';
import { defaultKnobs, pickFault, TokenBucket } from '../../../src/emulator/knobs';
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
