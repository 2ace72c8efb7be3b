import assert from 'node:assert/strict';
import { decorationFor, stateLook } from '../../../src/providers/documentState';
import type { MapState } from '../../../src/sync/store/types';

describe('document states in decorations and trees', () => {
  it('gives every shown state a badge of at most two characters and a tooltip naming Notion Sync', () => {
    for (const state of ['synced', 'modified', 'pending', 'conflict', 'error'] as MapState[]) {
      const d = decorationFor(state);
      assert.ok(d, state);
      assert.ok([...d.badge].length <= 2, `${state} badge ${d.badge}`);
      assert.match(d.tooltip, /^Notion Sync: /);
    }
    assert.equal(decorationFor('conflict')?.color, 'gitDecoration.conflictingResourceForeground');
  });

  it('adds the last error to an error tooltip and leaves trashed files undecorated', () => {
    assert.equal(decorationFor('error', 'HTTP 401')?.tooltip, 'Notion Sync: error (HTTP 401)');
    assert.equal(decorationFor('trashed'), undefined);
  });

  it('names the modified state in words', () => {
    assert.equal(stateLook('modified').label, 'modified locally');
  });
});
