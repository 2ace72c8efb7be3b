import assert from 'node:assert/strict';
import { changeLines, combineReports, deletionsNoticeText, progressMessage, progressPercent, summariseReport } from '../../../src/providers/reportText';

const change = (action: 'create' | 'update' | 'move' | 'trash' | 'conflict' | 'keep-local') => ({ action, path: 'p.md', notionId: 'x' });

describe('sync summaries and progress lines', () => {
  it('counts changes by kind, then conflicts, failures and held-back deletions', () => {
    const text = summariseReport({
      dryRun: false,
      changes: [change('create'), change('create'), change('update'), change('keep-local'), change('conflict')],
      conflicts: 1,
      failed: 2,
      blockedDeletions: ['a.md'],
    });
    assert.equal(text, '2 created (p.md, p.md), 1 updated (p.md), 1 local edit kept (p.md), 1 conflict to resolve (p.md), 2 operations failed (see the Queue), 1 deletion held back');
  });

  it('names a few files, counts many, and gives the log one line per file', () => {
    const many = Array.from({ length: 4 }, (_, i) => ({ action: 'update' as const, path: `n${i}.md`, notionId: 'x' }));
    assert.equal(summariseReport({ dryRun: false, changes: many, conflicts: 0, failed: 0, blockedDeletions: [] }), '4 updated');
    const moved = { action: 'move' as const, from: 'a.md', path: 'b/a.md', notionId: 'x', detail: 'moved in Notion' };
    assert.deepEqual(changeLines({ dryRun: false, changes: [...many.slice(0, 1), moved] }), ['update n0.md', 'move a.md → b/a.md (moved in Notion)']);
  });

  it('says when nothing changed', () => {
    assert.equal(summariseReport({ dryRun: false, changes: [], conflicts: 0, failed: 0, blockedDeletions: [] }), 'everything is up to date');
  });

  it('words each phase with counts and a percentage once the total is known', () => {
    assert.equal(progressMessage({ phase: 'discover', done: 0, total: 0 }), 'Asking Notion what changed');
    assert.equal(progressMessage({ phase: 'apply', done: 3, total: 12 }), 'Applying changes 3/12');
    assert.equal(progressPercent({ phase: 'apply', done: 3, total: 12 }), 25);
    assert.equal(progressPercent({ phase: 'index', done: 3, total: 12 }), undefined);
  });
});

describe('several folders’ sync reports as one', () => {
  it('adds the counts up and names each file under its folder', () => {
    const base = { dryRun: false, full: false, processed: 1, failed: 0, conflicts: 0, blockedDeletions: [], index: null, ms: 10 };
    const r = combineReports([
      { ...base, changes: [{ action: 'create', path: 'notion/A.md', notionId: 'a' }], folder: '/w/docs' },
      { ...base, changes: [{ action: 'update', path: 'notion/B.md', notionId: 'b' }], conflicts: 1, blockedDeletions: ['notion/C.md'], ms: 30, folder: '/w/site' },
    ]);
    assert.deepEqual(r.changes.map((c) => c.path), ['docs/notion/A.md', 'site/notion/B.md']);
    assert.deepEqual(r.blockedDeletions, ['site/notion/C.md']);
    assert.equal(r.processed, 2);
    assert.equal(r.conflicts, 1);
    assert.equal(r.ms, 30);
    assert.equal(summariseReport(r), '1 created (docs/notion/A.md), 1 updated (site/notion/B.md), 1 conflict to resolve, 1 deletion held back');
  });

  it('words the held-back deletions notice with the files and the Pull that reviews them', () => {
    assert.equal(
      deletionsNoticeText(['notion/A.md', 'notion/Team/B.md']),
      'held back 2 files deleted in Notion (more than notionSync.deleteThreshold): A.md, B.md. [Pull](command:notionSync.pull) to review and confirm.',
    );
  });
});
