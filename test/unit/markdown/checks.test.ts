import assert from 'node:assert/strict';
import { fileToNotion, fromFile, MAX_PUSH_DEPTH, notionLimits, planEdits, pushForm, toNotion } from '../../../src/sync/markdown';

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

  describe(`nesting deeper than Notion creates in one request (${MAX_PUSH_DEPTH} levels)`, () => {
    const deepList = '- one\n  - two\n    - three\n      - four';
    const deepToggle = '<details>\n<summary>Outer</summary>\n\n> quote\n>\n> - item\n>   - nested\n\n</details>';

    it('is found, with its line, for lists and for blocks inside toggles and quotes', () => {
      assert.deepEqual(notionLimits(`Intro\n\n${deepList}\n`).map((f) => [f.line, f.message.split(';')[0]]), [[3, 'nested 4 levels deep: Notion creates at most 3 levels of blocks in one request']]);
      assert.match(notionLimits(`${deepToggle}\n`)[0]?.message ?? '', /nested 4 levels deep/);
      assert.deepEqual(notionLimits('- one\n  - two\n    - three\n'), [], 'three levels are fine');
    });

    it('an edit that sends such a block is refused before anything is sent; an edit elsewhere on the page is not', () => {
      const remote = 'Intro\n\n- one\n\t- two\n\t\t- three\n\t\t\t- four';
      const refused = planEdits(remote, fromFile(`Intro\n\n${deepList.replace('four', 'four, edited')}\n`));
      assert.equal(refused.kind, 'refused');
      assert.match(refused.kind === 'refused' ? refused.reason : '', /nested 4 levels deep/);
      const fine = planEdits(remote, fromFile(`Intro, edited\n\n${deepList}\n`));
      assert.deepEqual(fine, { kind: 'edits', edits: [{ oldStr: 'Intro', newStr: 'Intro, edited' }] });
      assert.equal(planEdits('', fromFile(`${deepList}\n`)).kind, 'refused', 'nor does a whole-body replace send it');
    });
  });
});
