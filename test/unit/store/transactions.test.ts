import assert from 'node:assert/strict';
import type { StateStore } from '../../../src/sync/store';
import { memoryStore } from './helpers';

describe('store: transactions', () => {
  let store: StateStore;
  beforeEach(async () => ({ store } = await memoryStore()));
  afterEach(() => store.close());

  it('commits everything the callback wrote and returns its value', () => {
    const id = store.transaction(() => {
      store.upsertDocument({ id: 'd1', path: 'a.md' });
      return store.enqueue({ operation: 'push', localId: 'd1' }).id;
    });
    assert.ok(store.getDocument('d1'));
    assert.ok(store.getOperation(id));
  });

  it('rolls back every write when the callback throws', () => {
    store.setConfig('keep', 1);
    assert.throws(
      () =>
        store.transaction(() => {
          store.upsertDocument({ id: 'd1', path: 'a.md' });
          store.enqueue({ operation: 'push', localId: 'd1' });
          store.setConfig('keep', 2);
          throw new Error('boom');
        }),
      /boom/,
    );
    assert.equal(store.getDocument('d1'), undefined);
    assert.deepEqual(store.getQueue(), []);
    assert.equal(store.getConfig('keep'), 1);
  });

  it('rolls back when a statement fails a constraint midway', () => {
    assert.throws(() =>
      store.transaction(() => {
        store.upsertMap({ localId: 'l1', notionId: 'n1', notionType: 'page', path: 'a.md' });
        store.upsertMap({ localId: 'l2', notionId: 'n2', notionType: 'folder' as never, path: 'b.md' });
      }),
    );
    assert.deepEqual(store.listMaps(), []);
  });

  it('nested calls join the outer transaction: an outer failure undoes inner work', () => {
    assert.throws(() =>
      store.transaction(() => {
        store.transaction(() => store.setConfig('inner', true));
        throw new Error('outer fails');
      }),
    );
    assert.equal(store.getConfig('inner'), undefined);
  });

  it('an inner failure caught by the outer callback undoes only the inner writes', () => {
    store.transaction(() => {
      store.setConfig('outer', 1);
      assert.throws(() =>
        store.transaction(() => {
          store.setConfig('inner', 1);
          throw new Error('inner fails');
        }),
      );
      store.setConfig('after', 1);
    });
    assert.equal(store.getConfig('outer'), 1);
    assert.equal(store.getConfig('inner'), undefined);
    assert.equal(store.getConfig('after'), 1);
  });

  it('refuses async callbacks (their awaits would escape the transaction)', () => {
    assert.throws(() => store.transaction(async () => store.setConfig('x', 1)), /synchronous/);
    assert.equal(store.getConfig('x'), undefined);
  });

  it('the store is usable after a rollback', () => {
    assert.throws(() => store.transaction(() => { throw new Error('x'); }));
    store.setConfig('ok', true);
    assert.equal(store.getConfig('ok'), true);
  });
});
