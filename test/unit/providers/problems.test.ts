import assert from 'node:assert/strict';
import { problemsByPath } from '../../../src/providers/problems';
import type { DocumentRow } from '../../../src/sync/store/types';

const doc = (path: string, diagnostics: string[]): DocumentRow => ({
  id: path,
  path,
  title: null,
  frontmatter: {},
  contentHash: 'h',
  size: 1,
  mtimeMs: 1,
  notionId: null,
  scannedAt: 1,
  diagnostics,
});

describe('Problems entries', () => {
  it('places scan diagnostics at their 0-based line and column', () => {
    const out = problemsByPath([{ path: 'a.md', line: 3, column: 5, severity: 'error', message: 'bad YAML', code: 'invalid-frontmatter' }], []);
    assert.deepEqual(out.get('a.md'), [{ line: 2, column: 4, message: 'bad YAML', severity: 'error' }]);
  });

  it('uses stored document messages until a scan ran, then the scan alone', () => {
    const rows = [doc('b.md', ['duplicate notion_id']), doc('c.md', [])];
    assert.deepEqual([...problemsByPath(null, rows).keys()], ['b.md']);
    assert.equal(problemsByPath(null, rows).get('b.md')?.[0].line, 0);
    assert.equal(problemsByPath([], rows).size, 0);
  });
});
