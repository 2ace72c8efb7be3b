import assert from 'node:assert/strict';
import { combineStatuses, currentError, parseLastError, statusShape, type SetupState } from '../../../src/providers/statusText';
import type { SyncStatus } from '../../../src/sync/engine/status';
import { NOW } from './fixtures';

const ready: SetupState = { hasToken: true, hasRoots: true, hasFolder: true };

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'idle',
    running: false,
    progress: null,
    queue: { pending: 0, processing: 0, done: 3, error: 0, dead: 0 },
    conflicts: 0,
    documents: { synced: 4, modified: 0, conflict: 0, pending: 0, error: 0, trashed: 1 },
    lastSuccessAt: NOW - 60_000,
    lastError: null,
    nextRetryAt: null,
    ...over,
  };
}

describe('status bar text', () => {
  it('walks a person through setup: folder, token, root', () => {
    assert.match(statusShape(undefined, { hasToken: false, hasRoots: false, hasFolder: false }, NOW).tooltip, /open a folder/);
    assert.equal(statusShape(undefined, { hasToken: false, hasRoots: false, hasFolder: true }, NOW).text, '$(key) Notion: set token');
    assert.equal(statusShape(undefined, { hasToken: true, hasRoots: false, hasFolder: true }, NOW).text, '$(add) Notion: add a root');
    const bad = statusShape(undefined, { ...ready, settingsError: 'notionSync settings: "folder" must be …' }, NOW);
    assert.equal(bad.kind, 'error');
  });

  it('says synced with counts and the last sync in the tooltip', () => {
    const s = statusShape(status(), ready, NOW);
    assert.equal(s.text, '$(check) Notion: synced');
    assert.equal(s.kind, 'normal');
    assert.match(s.tooltip, /4 documents: 4 synced/);
    assert.match(s.tooltip, /Last sync: .*\(1 min ago\)/);
  });

  it('shows progress while syncing', () => {
    const s = statusShape(status({ running: true, state: 'syncing', progress: { phase: 'apply', done: 3, total: 10 } }), ready, NOW);
    assert.equal(s.text, '$(sync~spin) Notion: syncing 3/10');
  });

  it('says when Notion asked every request to wait, and stops saying it once the wait is over', () => {
    const rateLimit = { requestsPerMinute: 180, currentPerMinute: 90, inWindow: 180, pausedUntil: NOW + 75_000, reason: 'workspace' as const };
    const waiting = statusShape(status({ running: true, state: 'syncing', progress: { phase: 'apply', done: 3, total: 10 }, rateLimit }), ready, NOW);
    assert.equal(waiting.text, '$(watch) Notion: waiting, resumes in 1 min');
    assert.equal(waiting.kind, 'warning');
    assert.match(waiting.tooltip, /Notion rate limit; requests resume in 1 min/);
    const over = statusShape(status({ running: true, state: 'syncing', progress: { phase: 'apply', done: 3, total: 10 }, rateLimit }), ready, NOW + 76_000);
    assert.equal(over.text, '$(sync~spin) Notion: syncing 3/10');
    const overload = statusShape(status({ rateLimit: { ...rateLimit, pausedUntil: NOW + 5_000, reason: 'overload' } }), ready, NOW);
    assert.match(overload.tooltip, /Notion is overloaded; requests resume in 5 s/);
  });

  it('ranks failures over conflicts over pending work', () => {
    assert.equal(statusShape(status({ queue: { pending: 2, processing: 0, done: 0, error: 0, dead: 0 } }), ready, NOW).text, '$(clock) Notion: 2 pending');
    assert.equal(statusShape(status({ conflicts: 1, queue: { pending: 2, processing: 0, done: 0, error: 0, dead: 0 } }), ready, NOW).text, '$(warning) Notion: 1 conflict');
    const failed = statusShape(status({ conflicts: 2, queue: { pending: 0, processing: 0, done: 0, error: 1, dead: 1 } }), ready, NOW);
    assert.equal(failed.text, '$(error) Notion: 2 failed');
    assert.equal(failed.kind, 'error');
  });

  it('shows an error until a later sync succeeds', () => {
    const at = new Date(NOW - 30_000).toISOString();
    assert.deepEqual(parseLastError(`${at} Notion is down`), { at: NOW - 30_000, message: 'Notion is down' });
    const failing = status({ lastSuccessAt: NOW - 60_000, lastError: `${at} Notion is down` });
    assert.equal(currentError(failing), 'Notion is down');
    assert.equal(statusShape(failing, ready, NOW).text, '$(error) Notion: error');
    assert.match(statusShape(failing, ready, NOW).tooltip, /Last error: Notion is down/);
    assert.equal(currentError(status({ lastSuccessAt: NOW, lastError: `${at} Notion is down` })), null);
  });
});

describe('the status of several folders together', () => {
  it('adds the counts up, is busy while any folder is, and keeps the oldest sync and the newest error', () => {
    const a = status({ conflicts: 1, lastSuccessAt: NOW - 120_000, lastError: '2026-11-30T10:00:00.000Z old' });
    const b = status({ running: true, progress: { phase: 'apply', done: 1, total: 4 }, lastSuccessAt: NOW - 1_000, lastError: '2026-11-30T11:00:00.000Z new', queue: { pending: 2, processing: 0, done: 0, error: 1, dead: 0 } });
    const c = combineStatuses([a, b]);
    assert.ok(c);
    assert.equal(c.conflicts, 1);
    assert.equal(c.documents.synced, 8);
    assert.deepEqual(c.queue, { pending: 2, processing: 0, done: 3, error: 1, dead: 0 });
    assert.equal(c.running, true);
    assert.equal(c.state, 'syncing');
    assert.equal(c.lastSuccessAt, NOW - 120_000);
    assert.equal(c.lastError, '2026-11-30T11:00:00.000Z new');
    assert.equal(combineStatuses([a, status({ lastSuccessAt: null })])?.lastSuccessAt, null, 'a folder never synced: not "synced"');
    assert.equal(combineStatuses([a]), a);
    assert.equal(combineStatuses([]), undefined);
  });
});
