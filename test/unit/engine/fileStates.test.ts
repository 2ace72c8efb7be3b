// The one status model: each file's state and the counts every surface shows.
import assert from 'node:assert/strict';
import { countStates, fileStatus, fileStatuses } from '../../../src/sync/engine/fileStates';
import { buildDocumentTree } from '../../../src/providers/documentTree';
import { statusShape } from '../../../src/providers/statusText';
import type { SyncStatus } from '../../../src/sync/engine/status';
import { mapRow, NOW } from '../providers/fixtures';

describe('status model (fileStates)', () => {
  it('derives one state per file by precedence: trashed, conflict, error, modified, pending, synced', () => {
    const synced = mapRow({ path: 'a.md' });
    assert.equal(fileStatus(synced).state, 'synced');
    assert.equal(fileStatus(synced, [], true).state, 'modified', 'a save not yet compared is a local modification');
    assert.deepEqual(fileStatus(synced, ['invalid frontmatter: bad YAML'], true), { map: synced, state: 'error', problem: 'invalid frontmatter: bad YAML' });
    const failed = mapRow({ path: 'b.md', state: 'error', lastError: 'HTTP 500' });
    assert.equal(fileStatus(failed, ['duplicate notion_id']).problem, 'HTTP 500', "the engine's own error comes first");
    assert.equal(fileStatus(mapRow({ path: 'c.md', state: 'conflict' }), ['x'], true).state, 'conflict');
    assert.equal(fileStatus(mapRow({ path: 'd.md', state: 'trashed' }), ['x'], true).state, 'trashed');
    assert.equal(fileStatus(mapRow({ path: 'e.md', state: 'pending' }), [], true).state, 'pending', 'only a synced file turns modified on save');
    assert.equal(fileStatus(mapRow({ path: 'db', notionType: 'database' }), ['not a file']).state, 'synced', 'a database folder has no scan problems');
  });

  it('counts pages only, every page in exactly one state', () => {
    const maps = [
      mapRow({ path: 'n/a.md' }),
      mapRow({ path: 'n/b.md' }),
      mapRow({ path: 'n/c.md', state: 'modified' }),
      mapRow({ path: 'n/d.md', state: 'error', lastError: 'boom' }),
      mapRow({ path: 'n/Tasks', notionType: 'database' }),
    ];
    const statuses = fileStatuses(maps, [{ path: 'n/b.md', diagnostics: ['invalid frontmatter'] }], new Set(['n/a.md']));
    const counts = countStates(statuses.values());
    assert.deepEqual(counts, { synced: 0, modified: 2, conflict: 0, pending: 0, error: 2, trashed: 0 });
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 4);
  });

  it('gives the status bar tooltip and the Documents view the same states (a saved file with invalid frontmatter is an error in both)', () => {
    // The case a user met: the sidebar showed a modified file with invalid frontmatter while the status bar said "0 modified, 0 with errors".
    const maps = [mapRow({ path: 'notion/Bad.md', title: 'Bad' }), mapRow({ path: 'notion/Edited.md', title: 'Edited' }), mapRow({ path: 'notion/Fine.md', title: 'Fine' })];
    const statuses = fileStatuses(maps, [{ path: 'notion/Bad.md', diagnostics: ['invalid frontmatter: bad YAML'] }], new Set(['notion/Bad.md', 'notion/Edited.md']));
    const tree = buildDocumentTree(maps, { folder: 'notion', statuses });
    const treeCounts = countStates(tree.map((n) => ({ map: n.map!, state: n.state!, problem: n.problem })));
    const status: SyncStatus = {
      state: 'idle',
      running: false,
      progress: null,
      queue: { pending: 0, processing: 0, done: 0, error: 0, dead: 0 },
      conflicts: 0,
      documents: countStates(statuses.values()),
      lastSuccessAt: NOW,
      lastError: null,
      nextRetryAt: null,
    };
    assert.deepEqual(treeCounts, status.documents);
    const shape = statusShape(status, { hasToken: true, hasRoots: true, hasFolder: true }, NOW);
    assert.match(shape.tooltip, /3 documents: 1 synced, 1 modified locally, 0 pending, 0 in conflict, 1 with errors/);
    assert.equal(shape.text, '$(warning) Notion: 1 file with errors', 'the status bar does not say "synced" over a file in error');
    assert.equal(tree.find((n) => n.label === 'Bad')?.problem, 'invalid frontmatter: bad YAML');
  });
});
