// documentClaimsToCheck: which pages adoption must look at (one query, however many files).
import assert from 'node:assert/strict';
import type { StateStore } from '../../../src/sync/store';
import { memoryStore } from './helpers';

describe('store: document claims adoption must check', () => {
  let store: StateStore;
  beforeEach(async () => ({ store } = await memoryStore()));
  afterEach(() => store.close());

  const doc = (id: string, path: string, notionId: string | null) =>
    store.upsertDocument({ id, path, title: id, frontmatter: {}, contentHash: 'h', size: 1, mtimeMs: 1, notionId, diagnostics: [] });
  const map = (notionId: string, path: string, state: 'synced' | 'trashed' = 'synced') =>
    store.upsertMap({ localId: `notion:${notionId}`, notionId, notionType: 'page', path, state });

  it('skips files at their live mapping and lists copies, moved files, unmapped and trashed claims', () => {
    map('p1', 'notion/A.md');
    doc('d1', 'notion/A.md', 'p1'); // as mapped: nothing to do
    map('p2', 'notion/B.md');
    doc('d2', 'notion/B.md', 'p2');
    doc('d2copy', 'notion/B copy.md', 'p2'); // a copy claims it too
    map('p3', 'notion/C.md');
    doc('d3', 'notion/moved/C.md', 'p3'); // renamed locally
    doc('d4', 'notion/D.md', 'p4'); // no mapping (lost state)
    map('p5', 'notion/E.md', 'trashed');
    doc('d5', 'notion/E.md', 'p5'); // mapping trashed
    doc('d6', 'elsewhere/F.md', 'p6'); // outside the folder
    doc('d7', 'notion/G.md', null); // claims nothing
    assert.deepEqual(store.documentClaimsToCheck('notion').sort(), ['p2', 'p3', 'p4', 'p5']);
  });
});
