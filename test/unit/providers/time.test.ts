import assert from 'node:assert/strict';
import { plural, relativeTime } from '../../../src/providers/time';

describe('relative times', () => {
  const now = 1_000_000_000_000;
  it('words past and future spans', () => {
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.equal(relativeTime(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(relativeTime(now - 86_400_000, now), '1 day ago');
    assert.equal(relativeTime(now + 30_000, now), 'in 30 s');
    assert.equal(relativeTime(now + 120_000, now), 'in 2 min');
    assert.equal(plural(1, 'try', 'tries'), '1 try');
    assert.equal(plural(2, 'conflict'), '2 conflicts');
  });
});
