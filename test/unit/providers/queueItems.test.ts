import assert from 'node:assert/strict';
import { failureCount, failureNoticeText, isFailing, queueItemShape, sortQueue } from '../../../src/providers/queueItems';
import { NOW, queueRow } from './fixtures';

describe('Queue view rows', () => {
  const titleOf = (id: string) => (id === 'aaaa' ? 'Onboarding' : undefined);

  it('lists running, failed, given-up and pending operations, in that order, and hides done ones', () => {
    const nodes = sortQueue([
      queueRow({ id: 1, status: 'pending' }),
      queueRow({ id: 2, status: 'done' }),
      queueRow({ id: 3, status: 'dead' }),
      queueRow({ id: 4, status: 'processing' }),
      queueRow({ id: 5, status: 'error' }),
    ]);
    assert.deepEqual(nodes.map((n) => n.row.id), [4, 5, 3, 1]);
    assert.deepEqual(nodes.map((n) => n.id), ['op:4', 'op:5', 'op:3', 'op:1']);
  });

  it('names the target by its title and says tries, next attempt and last error', () => {
    const failed = queueItemShape(queueRow({ id: 7, status: 'error', retryCount: 2, nextAttemptAt: NOW + 90_000, lastError: 'HTTP 503' }), NOW, titleOf);
    assert.equal(failed.label, 'Update Onboarding');
    assert.equal(failed.description, 'failed 2 times · retry in 2 min');
    assert.equal(failed.contextValue, 'operation:error');
    assert.match(failed.tooltip, /Tries: 2 of 8/);
    assert.match(failed.tooltip, /Last error: HTTP 503/);
    assert.match(failed.tooltip, /Next attempt: .*\(in 2 min\)/);
  });

  it('names a page with no file yet by the title discovery saw', () => {
    const fresh = queueItemShape(queueRow({ id: 9, notionId: 'cccc', payload: { title: 'Brand new page' } }), NOW, titleOf);
    assert.equal(fresh.label, 'Update Brand new page');
  });

  it('marks given-up operations for the Retry action and falls back to the id without a title', () => {
    const dead = queueItemShape(queueRow({ id: 8, status: 'dead', notionId: 'bbbb', retryCount: 8, operation: 'refresh_project' }), NOW, titleOf);
    assert.equal(dead.label, 'Refresh database bbbb');
    assert.equal(dead.description, 'gave up after 8 tries');
    assert.equal(dead.contextValue, 'operation:dead');
    assert.equal(dead.icon, 'error');
  });

  it('says when a pending operation starts later, and counts failures for the badge', () => {
    assert.equal(queueItemShape(queueRow({ id: 9, nextAttemptAt: NOW + 30_000 }), NOW, titleOf).description, 'pending · starts in 30 s');
    assert.equal(queueItemShape(queueRow({ id: 9 }), NOW, titleOf).description, 'pending');
    assert.equal(failureCount({ pending: 4, processing: 1, done: 9, error: 2, dead: 1 }), 3);
  });

  it('counts an operation as failing while it failed, gave up or is being retried, not when it is new or done', () => {
    assert.equal(isFailing(queueRow({ id: 1, status: 'error', retryCount: 1 })), true);
    assert.equal(isFailing(queueRow({ id: 2, status: 'dead', retryCount: 8 })), true);
    assert.equal(isFailing(queueRow({ id: 3, status: 'processing', retryCount: 2 })), true, 'a retry in flight');
    assert.equal(isFailing(queueRow({ id: 4, status: 'pending', retryCount: 0 })), false);
    assert.equal(isFailing(queueRow({ id: 5, status: 'done', retryCount: 3 })), false);
  });

  it('words the failure notice with the first three operations and links to the Queue and Retry Failed', () => {
    assert.equal(
      failureNoticeText(['Update A.md', 'Update B.md', 'Push C.md', 'Move D.md']),
      '4 operations failed: Update A.md, Update B.md, Push C.md and 1 more. [Show Queue](command:notionSync.queue.focus) [Retry Failed](command:notionSync.retryFailed)',
    );
    assert.match(failureNoticeText(['Update A.md'], '(Sync: 1 updated.)'), /^1 operation failed: Update A\.md\. .* \(Sync: 1 updated\.\)$/);
  });
});
