import assert from 'node:assert/strict';
import { linkTargets, retargetLinks } from '../../../src/sync/markdown/linkTargets';

describe('markdown: link destinations in place', () => {
  const body = [
    'See [a](Getting%20Started.md) and [b *c*](<Some File.md> "t") and [](x.md#h).',
    '',
    '- [m](https://www.notion.so/Arch-a237b66782af48a28c98bed534613caa "notion:mention")',
    '',
    '[ref]: ./y(1).md',
    '',
    '![img](pic.png) <https://auto.link> `[not](a-link.md)`',
    '',
    '```',
    '[code](block.md)',
    '```',
  ].join('\n');

  it('finds inline links (angle brackets, titles, empty labels, nested parentheses) and definitions, not images, autolinks or code', () => {
    assert.deepEqual(
      linkTargets(body).map((t) => [t.url, body.slice(t.start, t.end)]),
      [
        ['Getting%20Started.md', 'Getting%20Started.md'],
        ['Some File.md', '<Some File.md>'],
        ['x.md#h', 'x.md#h'],
        ['https://www.notion.so/Arch-a237b66782af48a28c98bed534613caa', 'https://www.notion.so/Arch-a237b66782af48a28c98bed534613caa'],
        ['./y(1).md', './y(1).md'],
      ],
    );
  });

  it('replaces only the destinations asked for, every other byte kept', () => {
    const out = retargetLinks(body, (u) => (u === 'Getting%20Started.md' ? 'Onboarding.md' : u === 'Some File.md' ? 'Other%20File.md' : u === './y(1).md' ? 'z.md' : null));
    assert.equal(out, body.replace('Getting%20Started.md', 'Onboarding.md').replace('<Some File.md>', 'Other%20File.md').replace('./y(1).md', 'z.md'));
    assert.equal(retargetLinks(body, () => null), body);
  });

  it('finds links in a toggle\'s title (HTML the markdown parser leaves as text), nested toggles included, with their offsets', () => {
    const toggles = [
      '<details>',
      '<summary>Read [the guide](Guide.md) first</summary>',
      '',
      'Inside: [a](A.md).',
      '',
      '<details data-heading="2">',
      '<summary>[Inner](<Sub Page.md>)</summary>',
      '',
      '</details>',
      '</details>',
      '',
      '<summary>not a toggle</summary> <details><summary>[x](X.md)</summary></details>',
    ].join('\n');
    assert.deepEqual(
      linkTargets(toggles).map((t) => [t.url, toggles.slice(t.start, t.end)]),
      [
        ['Guide.md', 'Guide.md'],
        ['A.md', 'A.md'],
        ['Sub Page.md', '<Sub Page.md>'],
        ['X.md', 'X.md'],
      ],
    );
    const out = retargetLinks(toggles, (u) => (u === 'Guide.md' ? 'Manual.md' : u === 'Sub Page.md' ? 'Sub%20Page%202.md' : null));
    assert.equal(out, toggles.replace('(Guide.md)', '(Manual.md)').replace('(<Sub Page.md>)', '(Sub%20Page%202.md)'));
  });
});
