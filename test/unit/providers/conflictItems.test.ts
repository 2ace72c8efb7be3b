import assert from 'node:assert/strict';
import { conflictItemShape, conflictNodes, conflictNoticeText, diffTitle, fileLabel } from '../../../src/providers/conflictItems';
import { conflictRow, NOW } from './fixtures';

describe('Conflicts view rows', () => {
  it('labels a conflict by its file name, folder and age, with the contextValue the inline actions need', () => {
    const shape = conflictItemShape(conflictRow({ id: 3, path: 'notion/Handbook/Onboarding.md' }), NOW);
    assert.equal(shape.label, 'Onboarding');
    assert.equal(shape.description, 'Handbook');
    assert.match(shape.tooltip, /\(5 min ago\)/);
    assert.equal(shape.contextValue, 'conflict');
    assert.match(shape.tooltip, /Accept Notion Version or Keep Local Version/);
  });

  it('sorts by path with stable ids', () => {
    const nodes = conflictNodes([conflictRow({ id: 2, path: 'notion/b.md' }), conflictRow({ id: 1, path: 'notion/a.md' })]);
    assert.deepEqual(nodes.map((n) => n.id), ['conflict:1', 'conflict:2']);
  });

  it('titles the diff Notion on the left, local on the right', () => {
    assert.equal(diffTitle('notion/Handbook/Onboarding.md'), 'Onboarding.md: Notion ↔ Local');
    assert.equal(diffTitle('a.md', 'base'), 'a.md: Notion (last pulled) ↔ Local');
    assert.equal(fileLabel('top.md'), 'top');
  });
});

describe('the standing conflict notice', () => {
  it('names the files, offers Merge for a single conflict and always Show Conflicts, the sync’s other news last', () => {
    const one = conflictNoticeText([{ path: 'notion/Handbook/Local Setup.md', file: '/w/notion/Handbook/Local Setup.md' }], '(Sync: 1 updated (a.md).)');
    assert.match(one, /^1 conflict: Local Setup\.md\. \[Merge\]\(command:notionSync\.mergeConflict\?[^)]+\) \[Show Conflicts\]\(command:notionSync\.conflicts\.focus\) \(Sync: 1 updated \(a\.md\)\.\)$/);
    const link = /\[Merge\]\(command:notionSync\.mergeConflict\?([^)]+)\)/.exec(one);
    assert.ok(link, one);
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), ['/w/notion/Handbook/Local Setup.md']);
    const many = conflictNoticeText(['a', 'b', 'c', 'd'].map((n) => ({ path: `notion/${n}.md`, file: `/w/notion/${n}.md` })));
    assert.equal(many, '4 conflicts: a.md, b.md, c.md and 1 more. [Show Conflicts](command:notionSync.conflicts.focus)');
  });
});
