import assert from 'node:assert/strict';
import type { StateStore } from '../../../src/sync/store';
import { FakeClock, memoryStore } from './helpers';

describe('store: mappings and conflicts', () => {
  let store: StateStore;
  let clock: FakeClock;
  beforeEach(async () => ({ store, clock } = await memoryStore()));
  afterEach(() => store.close());

  const base = { localId: 'l1', notionId: 'n1', notionType: 'page' as const, path: 'notion/a.md', rootId: 'r1' };

  it('upsertMap inserts with defaults and reads back by every key', () => {
    const row = store.upsertMap(base);
    assert.deepEqual(row, {
      ...base,
      parentNotionId: null,
      title: null,
      url: null,
      remoteHash: null,
      localHash: null,
      notionLastEditedTime: null,
      publishedAt: null,
      syncedAt: null,
      state: 'pending',
      lastError: null,
      createdAt: clock.t,
      updatedAt: clock.t,
    });
    assert.deepEqual(store.getMapByLocalId('l1'), row);
    assert.deepEqual(store.getMapByNotionId('n1'), row);
    assert.deepEqual(store.getMapByPath('notion/a.md'), row);
    assert.equal(store.getMapByPath('nope.md'), undefined);
  });

  it('upsertMap updates only the given fields and keeps createdAt', () => {
    store.upsertMap({ ...base, title: 'A', remoteHash: 'h1' });
    clock.advance(100);
    const row = store.upsertMap({ localId: 'l1', path: 'notion/b.md', state: 'synced', notionLastEditedTime: '2026-01-01T00:00:00.000Z' });
    assert.equal(row.title, 'A');
    assert.equal(row.remoteHash, 'h1');
    assert.equal(row.path, 'notion/b.md');
    assert.equal(row.state, 'synced');
    assert.equal(row.createdAt, clock.t - 100);
    assert.equal(row.updatedAt, clock.t);
    assert.equal(store.upsertMap({ localId: 'l1', title: null }).title, null, 'null clears a field');
  });

  it('upsertMap refuses a new mapping without its required fields', () => {
    assert.throws(() => store.upsertMap({ localId: 'x', notionId: 'n' }), /required/);
  });

  it('one Notion page maps to one file: a new localId replaces the stale mapping', () => {
    store.upsertMap(base);
    store.upsertMap({ ...base, localId: 'l2', path: 'notion/new.md' });
    assert.equal(store.getMapByLocalId('l1'), undefined);
    assert.equal(store.getMapByNotionId('n1')?.localId, 'l2');
  });

  it('listMaps filters by root and state', () => {
    store.upsertMap({ ...base, state: 'synced' });
    store.upsertMap({ localId: 'l2', notionId: 'n2', notionType: 'database', path: 'notion/db', rootId: 'r1', state: 'conflict' });
    store.upsertMap({ localId: 'l3', notionId: 'n3', notionType: 'data_source', path: 'other/c.md', rootId: 'r2', state: 'synced' });
    assert.deepEqual(store.listMaps().map((m) => m.localId), ['l1', 'l2', 'l3']);
    assert.deepEqual(store.listMaps({ rootId: 'r1' }).map((m) => m.localId), ['l1', 'l2']);
    assert.deepEqual(store.listMaps({ state: 'synced' }).map((m) => m.localId), ['l1', 'l3']);
    assert.deepEqual(store.listMaps({ rootId: 'r1', state: ['conflict', 'error'] }).map((m) => m.localId), ['l2']);
  });

  it('updateSyncTimes, setMapState and deleteMap', () => {
    store.upsertMap(base);
    assert.equal(store.updateSyncTimes('l1', { publishedAt: 111 }), true);
    assert.equal(store.updateSyncTimes('l1', { syncedAt: 222 }), true);
    let row = store.getMapByLocalId('l1');
    assert.equal(row?.publishedAt, 111);
    assert.equal(row?.syncedAt, 222);
    assert.equal(store.updateSyncTimes('missing', { syncedAt: 1 }), false);
    assert.equal(store.setMapState('l1', 'error', 'HTTP 502'), true);
    row = store.getMapByLocalId('l1');
    assert.equal(row?.state, 'error');
    assert.equal(row?.lastError, 'HTTP 502');
    store.setMapState('l1', 'synced');
    assert.equal(store.getMapByLocalId('l1')?.lastError, null);
    assert.throws(() => store.setMapState('l1', 'bogus' as never), /unknown mapping state/);
    assert.equal(store.deleteMap('l1'), true);
    assert.equal(store.deleteMap('l1'), false);
  });

  const conflict = {
    localId: 'l1',
    notionId: 'n1',
    path: 'notion/a.md',
    baseContent: 'base',
    localContent: 'local',
    remoteContent: 'remote',
    baseHash: 'hb',
    localHash: 'hl',
    remoteHash: 'hr',
  };

  it('addConflict records a conflict and getters find it', () => {
    const c = store.addConflict(conflict);
    assert.deepEqual(c, { ...conflict, id: c.id, detectedAt: clock.t, resolvedAt: null, resolution: null });
    assert.deepEqual(store.getConflict(c.id), c);
    assert.deepEqual(store.getConflictForDocument('l1'), c);
    assert.deepEqual(store.getUnresolvedConflicts(), [c]);
  });

  it('a newer detection updates the open conflict of the same document', () => {
    const first = store.addConflict(conflict);
    clock.advance(1000);
    const second = store.addConflict({ ...conflict, remoteContent: 'remote 2', remoteHash: 'hr2' });
    assert.equal(second.id, first.id);
    assert.equal(second.remoteContent, 'remote 2');
    assert.equal(second.detectedAt, clock.t);
    assert.equal(store.getUnresolvedConflicts().length, 1);
  });

  it('resolveConflict closes it; a later detection opens a new one', () => {
    const c = store.addConflict(conflict);
    clock.advance(5);
    const resolved = store.resolveConflict(c.id, 'keep_local');
    assert.equal(resolved?.resolution, 'keep_local');
    assert.equal(resolved?.resolvedAt, clock.t);
    assert.deepEqual(store.getUnresolvedConflicts(), []);
    assert.equal(store.getConflictForDocument('l1'), undefined);
    assert.equal(store.resolveConflict(c.id, 'merged')?.resolution, 'keep_local', 'resolving twice changes nothing');
    const again = store.addConflict(conflict);
    assert.notEqual(again.id, c.id);
    assert.equal(store.resolveConflict(424242, 'merged'), undefined);
    assert.throws(() => store.resolveConflict(again.id, 'shrug' as never), /unknown conflict resolution/);
  });
});
