import assert from 'node:assert/strict';
import { parseRemoteQuery, remoteQuery } from '../../../src/providers/remoteUri';

describe('remote document addresses', () => {
  it('round-trips conflict and base references', () => {
    for (const ref of [{ conflictId: 4, side: 'notion' as const }, { conflictId: 4, side: 'base' as const }, { localId: 'notion:abc', side: 'base' as const }]) {
      assert.deepEqual(parseRemoteQuery(remoteQuery(ref)), ref);
    }
  });

  it('refuses malformed queries', () => {
    for (const q of ['', 'x', '{}', '{"conflictId":"4","side":"notion"}', '{"conflictId":1.5,"side":"notion"}', '{"conflictId":1,"side":"local"}', '{"localId":"","side":"base"}', 'null']) {
      assert.equal(parseRemoteQuery(q), undefined, q);
    }
  });
});
