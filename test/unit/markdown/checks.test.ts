import assert from 'node:assert/strict';
import { fileToNotion, fromFile, notionLimits, pushForm, toNotion } from '../../../src/sync/markdown';

const links = { idFor: (t: string) => (t === 'Synced.md' ? '11111111-1111-1111-1111-111111111111' : null) };

describe('markdown: what Notion cannot hold', () => {
  const body = ['##### Deep', '<div>raw</div>', 'See [synced](Synced.md) and [gone](Missing.md).', '![local](pic.png)', '![remote](https://example.com/a.png)'].join('\n\n');

  it('finds heading levels 5-6, raw HTML, links and images that lead nowhere in Notion, with lines', () => {
    const found = notionLimits(body, links);
    assert.deepEqual(
      found.map((f) => [f.line, f.message.split(':')[0]]),
      [
        [1, 'heading level 5'],
        [3, 'raw HTML "<div>raw</div>"'],
        [5, 'link to "Missing.md", which is not a synced page'],
        [7, 'image "pic.png" is neither a URL nor synced media'],
      ],
    );
  });

  it('sends such links as their text and leaves local images out; synced links become Notion links', () => {
    const v2 = fileToNotion(body, links);
    assert.match(v2, /\[synced\]\(https:\/\/www\.notion\.so\/11111111111111111111111111111111\)/);
    assert.match(v2, /and gone\./);
    assert.doesNotMatch(v2, /pic\.png|<p \/>/);
    assert.match(v2, /!\[remote\]\(https:\/\/example\.com\/a\.png\)/);
    assert.equal(toNotion(pushForm(fromFile('Plain.', links), links)), 'Plain.');
  });
});
