// What the Notion source-control view lists, from the engine's rows.
import assert from 'node:assert/strict';
import { scmCount, scmEntries, type ScmInput } from '../../../src/providers/scmEntries';
import type { ConflictRow, MapRow, QueueRow } from '../../../src/sync/store/types';
import { conflictRow, mapRow, queueRow } from './fixtures';

const map = (path: string, over: Partial<MapRow> = {}): MapRow => mapRow({ path, ...over });
const op = (over: Partial<QueueRow>): QueueRow => queueRow({ id: 1, notionId: null, ...over });
const conflict = (path: string, id: number): ConflictRow => conflictRow({ id, path, localId: `notion:${path}`, notionId: `id-${path}` });

const input = (over: Partial<ScmInput>): ScmInput => ({ maps: [], conflicts: [], queue: [], editedPaths: new Set(), mode: 'publish', ...over });

describe('providers/scmEntries', () => {
  it('puts conflicts, local changes and incoming pages in their groups, one entry per file', () => {
    const maps = [map('a.md', { state: 'modified' }), map('b.md', { state: 'conflict' }), map('c.md'), map('d.md'), map('db', { notionType: 'database', state: 'modified' })];
    const entries = scmEntries(
      input({
        maps,
        conflicts: [conflict('b.md', 7)],
        queue: [op({ notionId: 'id-c.md' }), op({ notionId: 'id-a.md' }), op({ operation: 'delete', notionId: 'id-d.md' })],
      }),
    );
    assert.deepEqual(
      entries.map((e) => [e.path, e.group, e.letter]),
      [
        ['a.md', 'local', 'M'],
        ['b.md', 'conflicts', 'C'],
        ['c.md', 'incoming', 'I'],
        ['d.md', 'incoming', 'D'],
      ],
    );
    assert.equal(entries[1]?.conflictId, 7);
    assert.equal(scmCount(entries), 2, 'the badge counts what needs the person, not incoming');
  });

  it('counts a saved edit not compared yet, a queued push, and a new file to be created', () => {
    const entries = scmEntries(
      input({
        mode: 'bidirectional',
        maps: [map('saved.md'), map('pushing.md'), map('gone.md', { state: 'trashed' })],
        editedPaths: new Set(['saved.md', 'gone.md']),
        queue: [op({ operation: 'push', localId: 'notion:pushing.md' }), op({ operation: 'push', localId: 'new', payload: { path: 'new.md', create: true } })],
      }),
    );
    assert.deepEqual(
      entries.map((e) => [e.path, e.letter]),
      [
        ['new.md', 'A'],
        ['pushing.md', 'M'],
        ['saved.md', 'M'],
      ],
    );
    assert.match(entries[1]?.tooltip ?? '', /the next sync pushes it to Notion/);
  });

  it('says what publish mode does with a local change', () => {
    const [e] = scmEntries(input({ maps: [map('a.md', { state: 'modified' })] }));
    assert.match(e?.tooltip ?? '', /publish mode keeps it here; Notion's version is unchanged/);
  });

  it('does not promise a push for a partial page', () => {
    const [e] = scmEntries(input({ mode: 'bidirectional', maps: [map('a.md', { state: 'modified' })], partialPaths: new Set(['a.md']) }));
    assert.match(e?.tooltip ?? '', /a partial page .* is never pushed/);
  });

  it('ignores processed operations and resolved conflicts', () => {
    const done = { ...conflict('a.md', 1), resolvedAt: 5 };
    const entries = scmEntries(input({ maps: [map('a.md')], conflicts: [done], queue: [op({ notionId: 'id-a.md', status: 'done' })] }));
    assert.deepEqual(entries, []);
  });
});
