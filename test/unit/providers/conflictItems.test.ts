import assert from 'node:assert/strict';
import { conflictItemShape, conflictNodes, diffTitle, fileLabel } from '../../../src/providers/conflictItems';
import { conflictRow, NOW } from './fixtures';

describe('Conflicts view rows', () => {
  it('labels a conflict by its file name, folder and age, with the contextValue the inline actions need', () => {
    const shape = conflictItemShape(conflictRow({ id: 3, path: 'notion/Handbook/Onboarding.md' }), NOW);
    assert.equal(shape.label, 'Onboarding');
    assert.equal(shape.description, 'notion/Handbook · 5 min ago');
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
