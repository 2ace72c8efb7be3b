// The Notion side of a diff takes the local file's volatile frontmatter lines.
import assert from 'node:assert/strict';
import { alignVolatileKeys } from '../../../src/providers/volatileKeys';

const file = (edited: string, body: string, extra = '') =>
  `---\nnotion_id: abc\nnotion_url: https://www.notion.so/A-abc\nnotion_last_edited: '${edited}'\ntitle: A\n${extra}---\n\n${body}\n`;

describe('providers/volatileKeys', () => {
  it('replaces notion_last_edited (and notion_url) with the local lines; the rest stays', () => {
    const notion = file('2026-11-30T10:05:00.000Z', 'Theirs', 'status: Done\n');
    const local = file('2026-11-30T09:00:00.000Z', 'Mine', 'status: Doing\n');
    const shown = alignVolatileKeys(notion, local);
    assert.equal(shown, file('2026-11-30T09:00:00.000Z', 'Theirs', 'status: Done\n'));
  });

  it('leaves the text alone without frontmatter on either side', () => {
    assert.equal(alignVolatileKeys('no frontmatter\n', file('x', 'b')), 'no frontmatter\n');
    const notion = file('x', 'b');
    assert.equal(alignVolatileKeys(notion, 'plain local\n'), notion);
    assert.equal(alignVolatileKeys(notion, undefined), notion);
  });

  it('keeps a volatile key the local file does not have', () => {
    const notion = file('2026-11-30T10:05:00.000Z', 'x');
    const local = '---\ntitle: A\n---\n\nx\n';
    assert.equal(alignVolatileKeys(notion, local), notion);
  });
});
