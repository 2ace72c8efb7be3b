// Property: for generated documents of the supported subset, the file form is
// a fixpoint of file → Notion v2 → parse → file, and the hash is kept. The
// generators cover every row of the README's Notion ⇄ file table (the test
// at the end checks that each row's construct was generated).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bodyHash, canonicalHash, fileToNotion, notionToFile, parseNotion, toFile } from '../../../src/sync/markdown';
import { doc } from './generators';

describe('markdown: round-trip properties', () => {
  it('file → Notion v2 → file is the identity, and the hash is kept', () => {
    fc.assert(
      fc.property(doc, (root) => {
        const file = toFile(root);
        const v2 = fileToNotion(file);
        const again = notionToFile(v2, 'v2');
        assert.equal(again, file, `v2 was:\n${v2}`);
        assert.equal(bodyHash(again), canonicalHash(parseNotion(v2, 'v2').root));
      }),
      { numRuns: 150 },
    );
  });

  it('Notion v2 → file → Notion v2 keeps every block', () => {
    fc.assert(
      fc.property(doc, (root) => {
        const v2 = fileToNotion(toFile(root));
        const back = fileToNotion(notionToFile(v2, 'v2'));
        assert.equal(back, v2);
        assert.equal(parseNotion(back, 'v2').root.children.length, parseNotion(v2, 'v2').root.children.length);
      }),
      { numRuns: 100 },
    );
  });
});

/** One Notion v2 page holding every row of the README's Notion ⇄ file table. */
const EVERY_ROW: Array<[string, string]> = [
  ['paragraph, headings 1–4, quote, divider', '# One\n\n## Two\n\n### Three\n\n#### Four\n\nA paragraph.\n\n> A quote.\n\n---'],
  ['bold, italic, strikethrough, inline code, links', 'Some **bold**, *italic*, ~~struck~~, `code` and [a link](https://example.com/x).'],
  ['underline, text color', 'Some <u>underlined</u> and <span color="red">red</span> words.'],
  ['block colors', '<p color="blue_bg">Blue paragraph.</p>\n\n<h2 color="red">Red heading</h2>\n\n<quote color="gray">Gray quote.</quote>\n\n<equation color="yellow">\nx^2\n</equation>'],
  ['empty block', '<p />'],
  ['lists', '- one\n\t- one a\n- two\n\n1. first\n2. second\n\n- [ ] todo\n- [x] done'],
  ['list item colors', '- plain\n<ul>\n<li color="red">red item</li>\n</ul>\n- plain again\n\n<todo checked="true" color="blue">blue done</todo>\n\n<ol>\n<li color="green">green first</li>\n</ol>'],
  ['code', '````ts\nconst fence = "```";\n````'],
  ['equation, inline equation', '$$\nE = mc^2\n$$\n\nInline $a+b$ math.'],
  ['table (plain)', '| A | B |\n| --- | --- |\n| 1 | 2 |'],
  ['table (styled, protected)', '<table header-row="false" header-column="true">\n<tr><td>a</td><td>b</td></tr>\n</table>'],
  ['callout', '<callout icon="💡" color="gray_bg">\nRead me.\n\nA child paragraph.\n</callout>'],
  ['toggle, toggle heading', '<toggle color="red">\nMore\n\nHidden text.\n</toggle>\n\n<toggle heading="h2">\nSection\n\nBody.\n</toggle>'],
  ['columns', '<columns>\n<column ratio="50">\nLeft.\n</column>\n<column ratio="50">\nRight.\n</column>\n</columns>'],
  ['child page, database, folder', '<page url="https://www.notion.so/Child-11111111111111111111111111111111">Child</page>\n\n<database url="https://www.notion.so/22222222222222222222222222222222" data-source-url="collection://33333333-3333-3333-3333-333333333333" inline="true">Tasks</database>\n\n<folder url="https://www.notion.so/44444444444444444444444444444444">Folder</folder>'],
  ['link to a page or a block of one', 'See [a page](https://www.notion.so/Title-55555555555555555555555555555555), [its heading](https://app.notion.com/p/55555555555555555555555555555555#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa) and [this page](/55555555555555555555555555555555).'],
  ['page and database mentions', 'See <mention url="https://www.notion.so/55555555555555555555555555555555">A page</mention> and <mention url="https://www.notion.so/66666666666666666666666666666666" type="database">A database</mention>.'],
  ['user mention', 'Ask <mention url="user://77777777-7777-7777-7777-777777777777" />.'],
  ['date mention', 'Due <date start="2024-05-01" />.'],
  ['image', '![A caption](https://images.example.com/a.png)'],
  ['pdf, file, audio, video, bookmark, embed', ['pdf', 'file', 'audio', 'video', 'bookmark', 'embed'].map((k) => `<${k} source="https://files.example.com/x.${k}">Caption ${k}</${k}>`).join('\n\n')],
  ['table of contents', '<table-of-contents />'],
  ['synced block, unknown (protected)', '<synced-block url="https://www.notion.so/p#88888888888888888888888888888888">\nShared text.\n</synced-block>\n\n<unknown url="https://www.notion.so/p#99999999999999999999999999999999" alt="breadcrumb"/>'],
];

describe('markdown: every row of the README mapping table round-trips', () => {
  for (const [row, v2] of EVERY_ROW) {
    it(row, () => {
      const file = notionToFile(v2, 'v2');
      const back = fileToNotion(file);
      assert.equal(canonicalHash(parseNotion(back, 'v2').root), canonicalHash(parseNotion(v2, 'v2').root), `file:\n${file}\nback:\n${back}`);
      assert.equal(notionToFile(back, 'v2'), file, 'the file is a fixpoint');
      assert.equal(bodyHash(file), canonicalHash(parseNotion(v2, 'v2').root));
      assert.doesNotMatch(file.replace(/```notion[\s\S]*?```/g, '').replace(/<!--[\s\S]*?-->/g, ''), /<(callout|page|database|folder|mention|toggle|columns|column|table-of-contents|todo|ul|li|ol|p|h[1-6]|quote|equation|pdf|file|audio|video|bookmark|embed)\b/, `raw Notion tag in the file:\n${file}`);
    });
  }
});
