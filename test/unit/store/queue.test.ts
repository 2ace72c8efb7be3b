import assert from 'node:assert/strict';
import type { StateStore } from '../../../src/sync/store';
import { FakeClock, memoryStore } from './helpers';

describe('store: queue', () => {
  let store: StateStore;
  let clock: FakeClock;
  beforeEach(async () => ({ store, clock } = await memoryStore()));
  afterEach(() => store.close());

  it('enqueues a row with defaults', () => {
    const row = store.enqueue({ operation: 'update', notionId: 'p1', localId: 'l1', payload: { title: 'A' }, source: 'webhook' });
    assert.deepEqual(row, {
      id: row.id,
      operation: 'update',
      notionId: 'p1',
      localId: 'l1',
      payload: { title: 'A' },
      status: 'pending',
      retryCount: 0,
      maxRetries: 8,
      nextAttemptAt: clock.t,
      lastError: null,
      source: 'webhook',
      dedupeKey: 'update:p1',
      createdAt: clock.t,
      updatedAt: clock.t,
      processedAt: null,
    });
    assert.deepEqual(store.getOperation(row.id), row);
  });

  it('rejects unknown operations', () => {
    assert.throws(() => store.enqueue({ operation: 'explode' as never, notionId: 'p' }), /unknown queue operation/);
  });

  it('coalesces a repeated operation on the same page, newer payload keys winning', () => {
    const a = store.enqueue({ operation: 'update', notionId: 'p1', payload: { title: 'A', body: 1 }, source: 'poll' });
    clock.advance(10);
    const b = store.enqueue({ operation: 'update', notionId: 'p1', payload: { title: 'B' }, source: 'webhook' });
    assert.equal(b.id, a.id);
    assert.deepEqual(b.payload, { title: 'B', body: 1 });
    assert.equal(b.source, 'webhook');
    assert.equal(b.updatedAt, clock.t);
    assert.equal(store.getQueue().length, 1);
  });

  it('coalescing moves a pending row earlier, never later, and keeps an error row’s backoff', () => {
    const later = store.enqueue({ operation: 'update', notionId: 'p1', nextAttemptAt: clock.t + 5000 });
    assert.equal(store.enqueue({ operation: 'update', notionId: 'p1', nextAttemptAt: clock.t + 1000 }).nextAttemptAt, clock.t + 1000);
    assert.equal(store.enqueue({ operation: 'update', notionId: 'p1', nextAttemptAt: clock.t + 9000 }).nextAttemptAt, clock.t + 1000);
    store.claimDue(1, clock.t + 1000);
    const failed = store.markFailed(later.id, 'boom');
    assert.ok(failed);
    const merged = store.enqueue({ operation: 'update', notionId: 'p1', payload: { x: 1 } });
    assert.equal(merged.id, later.id);
    assert.equal(merged.status, 'error');
    assert.equal(merged.nextAttemptAt, failed.nextAttemptAt);
    assert.deepEqual(merged.payload, { x: 1 });
  });

  it('does not merge into a row being processed', () => {
    const a = store.enqueue({ operation: 'update', notionId: 'p1' });
    store.claimDue(10);
    const b = store.enqueue({ operation: 'update', notionId: 'p1' });
    assert.notEqual(a.id, b.id);
  });

  it('different operations or pages stay separate; a null dedupeKey never coalesces', () => {
    store.enqueue({ operation: 'update', notionId: 'p1' });
    store.enqueue({ operation: 'update', notionId: 'p2' });
    store.enqueue({ operation: 'move', notionId: 'p1' });
    store.enqueue({ operation: 'pull_root', notionId: 'r', dedupeKey: null });
    store.enqueue({ operation: 'pull_root', notionId: 'r', dedupeKey: null });
    assert.equal(store.getQueue().length, 5);
  });

  it('an explicit dedupeKey coalesces across targets', () => {
    const a = store.enqueue({ operation: 'push', localId: 'x', dedupeKey: 'push:all' });
    const b = store.enqueue({ operation: 'push', localId: 'y', dedupeKey: 'push:all' });
    assert.equal(a.id, b.id);
  });

  it('an update merges into a pending insert of the same page', () => {
    const ins = store.enqueue({ operation: 'insert', localId: 'l1', payload: { title: 'New', body: 'v1' } });
    const upd = store.enqueue({ operation: 'update', localId: 'l1', notionId: 'p-new', payload: { body: 'v2' } });
    assert.equal(upd.id, ins.id);
    assert.equal(upd.operation, 'insert');
    assert.deepEqual(upd.payload, { title: 'New', body: 'v2' });
    assert.equal(upd.notionId, 'p-new');
    assert.equal(store.getQueue().length, 1);
  });

  it('a delete supersedes pending updates of the same page', () => {
    store.enqueue({ operation: 'update', notionId: 'p1', localId: 'l1', dedupeKey: 'u1' });
    store.enqueue({ operation: 'update', localId: 'l1', dedupeKey: 'u2' });
    store.enqueue({ operation: 'update', notionId: 'p2' });
    const del = store.enqueue({ operation: 'delete', notionId: 'p1', localId: 'l1' });
    const rows = store.getQueue();
    assert.deepEqual(
      rows.map((r) => [r.operation, r.notionId]),
      [
        ['update', 'p2'],
        ['delete', 'p1'],
      ],
    );
    assert.equal(rows[1].id, del.id);
  });

  it('getQueue filters by status and due time, orders by nextAttemptAt then id, and limits', () => {
    const t = clock.t;
    const c = store.enqueue({ operation: 'update', notionId: 'c', nextAttemptAt: t + 300 });
    const a = store.enqueue({ operation: 'update', notionId: 'a', nextAttemptAt: t + 100 });
    const b = store.enqueue({ operation: 'update', notionId: 'b', nextAttemptAt: t + 100 });
    assert.deepEqual(store.getQueue().map((r) => r.id), [a.id, b.id, c.id]);
    assert.deepEqual(store.getQueue({ dueBefore: t + 100 }).map((r) => r.id), [a.id, b.id]);
    assert.deepEqual(store.getQueue({ limit: 1 }).map((r) => r.id), [a.id]);
    store.claimDue(1, t + 100);
    assert.deepEqual(store.getQueue({ status: 'processing' }).map((r) => r.id), [a.id]);
    assert.deepEqual(store.getQueue({ status: ['pending', 'processing'] }).map((r) => r.id), [a.id, b.id, c.id]);
    assert.deepEqual(store.getQueue({ status: [] }), []);
  });

  it('claimDue hands each due row out once, in order', () => {
    const ids = [0, 1, 2, 3, 4].map((i) => store.enqueue({ operation: 'update', notionId: `p${i}`, nextAttemptAt: clock.t + i }).id);
    store.enqueue({ operation: 'update', notionId: 'future', nextAttemptAt: clock.t + 60_000 });
    const first = store.claimDue(3, clock.t + 10);
    const second = store.claimDue(3, clock.t + 10);
    assert.deepEqual(first.map((r) => r.id), ids.slice(0, 3));
    assert.deepEqual(second.map((r) => r.id), ids.slice(3));
    assert.ok([...first, ...second].every((r) => r.status === 'processing'));
    assert.deepEqual(store.claimDue(3, clock.t + 10), []);
    assert.deepEqual(store.claimDue(0), []);
    assert.equal(store.queueCounts().processing, 5);
  });

  it('claimDue hands out creates of pages from files after every other due row (a parent is pushed before its new child changes it)', () => {
    const create = store.enqueue({ operation: 'push', localId: 'doc:new', payload: { path: 'notion/A/B.md', create: true }, nextAttemptAt: clock.t }).id;
    const push = store.enqueue({ operation: 'push', notionId: 'pA', localId: 'notion:pA', nextAttemptAt: clock.t + 1 }).id;
    const update = store.enqueue({ operation: 'update', notionId: 'pC', nextAttemptAt: clock.t + 2 }).id;
    assert.deepEqual(store.claimDue(3, clock.t + 10).map((r) => r.id), [push, update, create]);
  });

  it('markSucceeded records completion', () => {
    const row = store.enqueue({ operation: 'update', notionId: 'p1' });
    store.claimDue(1);
    clock.advance(50);
    const done = store.markSucceeded(row.id);
    assert.equal(done?.status, 'done');
    assert.equal(done?.processedAt, clock.t);
    assert.equal(store.markSucceeded(9999), undefined);
  });

  it('markFailed backs off exponentially, then dead-letters at maxRetries', () => {
    const row = store.enqueue({ operation: 'update', notionId: 'p1', maxRetries: 3 });
    // random() = 0.5 (helpers): delay = 0.5 · 1000 · 2^(n-1)
    const expected = [500, 1000];
    for (let i = 0; i < 2; i++) {
      assert.equal(store.claimDue(1, clock.t).length, 1);
      const failed = store.markFailed(row.id, `boom ${i}`);
      assert.equal(failed?.status, 'error');
      assert.equal(failed?.retryCount, i + 1);
      assert.equal(failed?.lastError, `boom ${i}`);
      assert.equal(failed?.nextAttemptAt, clock.t + expected[i]);
      assert.equal(store.claimDue(1, clock.t + expected[i] - 1).length, 0, 'not due before its backoff');
      clock.advance(expected[i]);
    }
    store.claimDue(1, clock.t);
    const dead = store.markFailed(row.id, 'final');
    assert.equal(dead?.status, 'dead');
    assert.equal(dead?.retryCount, 3);
    assert.equal(store.claimDue(10, clock.t + 10_000_000).length, 0, 'dead rows are never claimed');
  });

  it('markFailed: not retryable goes straight to dead; Retry-After is a floor', () => {
    const a = store.enqueue({ operation: 'insert', localId: 'a' });
    assert.equal(store.markFailed(a.id, 'validation_error', { retryable: false })?.status, 'dead');
    const b = store.enqueue({ operation: 'update', notionId: 'b' });
    assert.equal(store.markFailed(b.id, 'rate_limited', { retryAfterMs: 30_000 })?.nextAttemptAt, clock.t + 30_000);
    assert.equal(store.markFailed(9999, 'x'), undefined);
  });

  it('retryOperation and retryAllFailed revive failed rows with a fresh budget', () => {
    const a = store.enqueue({ operation: 'update', notionId: 'a' });
    const b = store.enqueue({ operation: 'update', notionId: 'b' });
    const c = store.enqueue({ operation: 'update', notionId: 'c' });
    store.markFailed(a.id, 'x', { retryable: false });
    store.markFailed(b.id, 'y');
    store.markFailed(c.id, 'z');
    clock.advance(5);
    const revived = store.retryOperation(a.id);
    assert.equal(revived?.status, 'pending');
    assert.equal(revived?.retryCount, 0);
    assert.equal(revived?.nextAttemptAt, clock.t);
    assert.equal(revived?.lastError, null);
    store.claimDue(1, clock.t);
    assert.equal(store.retryOperation(a.id), undefined, 'a processing row is not reset');
    assert.equal(store.retryAllFailed(), 2);
    assert.deepEqual(store.queueCounts(), { pending: 2, processing: 1, error: 0, dead: 0, done: 0 });
  });

  it('removeOperation deletes a row', () => {
    const a = store.enqueue({ operation: 'update', notionId: 'a' });
    assert.equal(store.removeOperation(a.id), true);
    assert.equal(store.removeOperation(a.id), false);
    assert.equal(store.getOperation(a.id), undefined);
  });

  it('cleanupProcessed deletes only done rows older than the cutoff', () => {
    const old = store.enqueue({ operation: 'update', notionId: 'old' });
    store.markSucceeded(old.id);
    clock.advance(3 * 86_400_000);
    const recent = store.enqueue({ operation: 'update', notionId: 'recent' });
    store.markSucceeded(recent.id);
    const failed = store.enqueue({ operation: 'update', notionId: 'failed' });
    store.markFailed(failed.id, 'x', { retryable: false });
    assert.equal(store.cleanupProcessed(2), 1);
    assert.equal(store.getOperation(old.id), undefined);
    assert.ok(store.getOperation(recent.id));
    assert.equal(store.cleanupProcessed(0), 1);
    assert.ok(store.getOperation(failed.id), 'dead rows stay for the user');
  });

  it('queueCounts counts every status', () => {
    assert.deepEqual(store.queueCounts(), { pending: 0, processing: 0, error: 0, dead: 0, done: 0 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) store.enqueue({ operation: 'update', notionId: id });
    const [a, b, c, d] = store.claimDue(4);
    store.markSucceeded(a.id);
    store.markFailed(b.id, 'x');
    store.markFailed(c.id, 'x', { retryable: false });
    void d;
    assert.deepEqual(store.queueCounts(), { pending: 1, processing: 1, error: 1, dead: 1, done: 1 });
  });

  it('recoverInterrupted returns processing rows to pending', () => {
    store.enqueue({ operation: 'update', notionId: 'a' });
    store.enqueue({ operation: 'update', notionId: 'b' });
    store.claimDue(2);
    assert.equal(store.recoverInterrupted(), 2);
    assert.equal(store.queueCounts().pending, 2);
    assert.equal(store.claimDue(5).length, 2);
  });
});
