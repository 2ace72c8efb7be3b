// Property: for generated documents of the supported subset, the file form is
// a fixpoint of file → Notion v2 → parse → file, and the hash is kept. The
// generators cover every row of the README's Notion ⇄ file table (the test
// at the end checks that each row's construct was generated).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BlockContent, PhrasingContent, Root } from 'mdast';
import { bodyHash, canonicalHash, fileToNotion, notionToFile, parseNotion, toFile } from '../../../src/sync/markdown';

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9,.;:!?'()*_#<>&$|~-]{0,8}$/);
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const hex = fc.stringMatching(/^[0-9a-f]{32}$/);
const color = fc.constantFrom('red', 'blue_bg', 'gray', 'yellow_bg');

const text: fc.Arbitrary<PhrasingContent> = words.map((value) => ({ type: 'text', value }));
const inline = fc.oneof(
  { weight: 4, arbitrary: text },
  words.map((value) => ({ type: 'strong', children: [{ type: 'text', value }] })),
  words.map((value) => ({ type: 'emphasis', children: [{ type: 'text', value }] })),
  words.map((value) => ({ type: 'inlineCode', value })),
  fc.tuple(words, color).map(([value, c]) => ({ type: 'notionSpan', tag: 'span', attrs: { color: c }, children: [{ type: 'text', value }] })),
  words.map((value) => ({ type: 'notionSpan', tag: 'u', attrs: {}, children: [{ type: 'text', value }] })),
  fc.tuple(words, hex).map(([value, id]) => ({ type: 'link', url: `https://example.com/${id}`, children: [{ type: 'text', value }] })),
  fc.tuple(words, hex).map(([value, id]) => ({ type: 'notionMention', url: `https://www.notion.so/${id}`, attrs: {}, children: [{ type: 'text', value }] })),
  fc.constantFrom('2024-01-02', '2025-12-31').map((start) => ({ type: 'notionDate', attrs: { start } })),
  words.map((value) => ({ type: 'delete', children: [{ type: 'text', value }] })),
  fc.stringMatching(/^[a-z0-9+=^]{1,8}$/).map((value) => ({ type: 'inlineMath', value })),
  hex.map((id) => ({ type: 'notionMention', url: `user://${id}`, attrs: {}, children: [] })),
  fc.tuple(words, hex).map(([value, id]) => ({ type: 'notionMention', url: `https://www.notion.so/${id}`, attrs: { type: 'database' }, children: [{ type: 'text', value }] })),
) as fc.Arbitrary<PhrasingContent>;
/** Phrasing with a space between items, starting and ending with text. */
const phrasing = fc.tuple(words, fc.array(inline, { maxLength: 4 })).map(([first, rest]) => {
  const out: PhrasingContent[] = [{ type: 'text', value: first }];
  for (const node of rest) out.push({ type: 'text', value: ' ' }, node, { type: 'text', value: ' x' });
  return mergeTexts(out);
});

function mergeTexts(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text') last.value += n.value;
    else out.push(n);
  }
  return out;
}

const paragraph = phrasing.map((children): BlockContent => ({ type: 'paragraph', children }));
const itemColor = fc.option(color, { nil: undefined }).map((c) => (c ? { notionColor: c } : undefined));
/** Items of a list (each with an optional Notion colour), some with a nested list under them. */
const items = (checked: fc.Arbitrary<boolean | undefined>) =>
  fc.array(fc.tuple(phrasing, checked, itemColor, fc.option(fc.array(phrasing, { minLength: 1, maxLength: 2 }), { nil: undefined })), { minLength: 1, maxLength: 3 }).map((rows) =>
    rows.map(([children, c, data, nested]) => ({
      type: 'listItem',
      checked: c,
      spread: false,
      data,
      children: [{ type: 'paragraph', children }, ...(nested && !data ? [{ type: 'list', ordered: false, spread: false, children: nested.map((n) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: n }] })) }] : [])],
    })),
  );
const media = fc.tuple(fc.constantFrom('pdf', 'file', 'audio', 'video', 'bookmark', 'embed'), hex, fc.option(words, { nil: undefined })).map(([kind, id, caption]) => ({
  type: 'notionMedia',
  kind,
  url: `https://files.example.com/${id}.bin`,
  attrs: {},
  children: caption ? [{ type: 'text', value: caption }] : [],
}));
const leaf = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  fc.tuple(fc.integer({ min: 1, max: 4 }), phrasing).map(([depth, children]) => ({ type: 'heading', depth: depth as 1, children })),
  fc.tuple(phrasing, color).map(([children, c]) => ({ type: 'paragraph', children, data: { notionColor: c } })),
  fc.tuple(fc.integer({ min: 1, max: 4 }), phrasing, color).map(([depth, children, c]) => ({ type: 'heading', depth: depth as 1, children, data: { notionColor: c } })),
  fc.option(color, { nil: undefined }).map((c) => ({ type: 'paragraph', children: [], data: c ? { notionColor: c } : undefined })),
  items(fc.constant(undefined)).map((children) => ({ type: 'list', ordered: false, spread: false, children })),
  items(fc.constant(undefined)).map((children) => ({ type: 'list', ordered: true, start: 1, spread: false, children })),
  items(fc.boolean()).map((children) => ({ type: 'list', ordered: false, spread: false, children: children.map((c) => ({ ...c, children: c.children.slice(0, 1) })) })),
  fc.tuple(fc.constantFrom('js', 'python', 'plain'), fc.array(fc.stringMatching(/^[ -~]{0,20}$/), { maxLength: 4 }), fc.boolean()).map(([lang, lines, fence]) => ({ type: 'code', lang, value: [...lines, ...(fence ? ['```', '````x'] : [])].join('\n') })),
  fc.tuple(fc.stringMatching(/^[a-z0-9+=^ ]{1,12}$/), fc.option(color, { nil: undefined })).map(([value, c]) => ({ type: 'math', value: value.trim() || 'x', data: c ? { notionColor: c } : undefined })),
  fc.tuple(hex, words, fc.option(color, { nil: undefined })).map(([id, alt, c]) => ({ type: 'paragraph', children: [{ type: 'image', url: `https://images.example.com/${id}.png`, alt }], data: c ? { notionColor: c } : undefined })),
  media,
  fc.constant({ type: 'thematicBreak' } as BlockContent),
  phrasing.map((children) => ({ type: 'blockquote', children: [{ type: 'paragraph', children }] })),
  fc.tuple(phrasing, color).map(([children, c]) => ({ type: 'blockquote', children: [{ type: 'paragraph', children }], data: { notionColor: c } })),
  fc.tuple(hex, words).map(([id, title]) => ({ type: 'notionChild', kind: 'page', attrs: { url: `https://www.notion.so/${id}` }, title })),
  fc.tuple(hex, hex, words, fc.boolean()).map(([id, ds, title, inline]) => ({ type: 'notionChild', kind: 'database', attrs: { url: `https://www.notion.so/${id}`, 'data-source-url': `collection://${ds.slice(0, 8)}-${ds.slice(8, 12)}-${ds.slice(12, 16)}-${ds.slice(16, 20)}-${ds.slice(20)}`, ...(inline ? { inline: 'true' } : {}) }, title })),
  fc.tuple(hex, words).map(([id, title]) => ({ type: 'notionChild', kind: 'folder', attrs: { url: `https://www.notion.so/${id}` }, title })),
  fc.constant({ type: 'tableOfContents' } as BlockContent),
  fc.tuple(hex, words).map(([id, t]) => ({ type: 'notionProtected', kind: 'synced-block', raw: `<synced-block url="https://www.notion.so/${id}">\n${t}  \n\n\`\`\`\ncode\n\`\`\`\n</synced-block>` })),
  hex.map((id) => ({ type: 'notionProtected', kind: 'unknown', raw: `<unknown url="https://www.notion.so/p#${id}" alt="breadcrumb"/>` })),
  fc.tuple(words, words).map(([a, b]) => ({ type: 'notionProtected', kind: 'table', raw: `<table header-row="false" header-column="true">\n<tr><td>${a}</td><td>${b}</td></tr>\n</table>` })),
  fc.array(fc.tuple(words, words), { minLength: 2, maxLength: 3 }).map((rows) => ({ type: 'table', align: [null, null], children: rows.map(([a, b]) => ({ type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: a }] }, { type: 'tableCell', children: [{ type: 'text', value: b }] }] })) })),
) as fc.Arbitrary<BlockContent>;
const container = fc.oneof(
  fc.tuple(fc.constantFrom('💡', '⚠️', undefined), fc.array(leaf, { minLength: 1, maxLength: 3 })).map(([icon, rest]) => ({ type: 'callout', icon, color: 'gray_bg', children: separateLists([{ type: 'paragraph', children: [{ type: 'text', value: 'Note' }] }, ...rest]) })),
  fc.tuple(phrasing, fc.array(leaf, { maxLength: 3 }), fc.constantFrom(undefined, 2), fc.option(color, { nil: undefined })).map(([title, children, heading, c]) => ({ type: 'toggle', heading, color: c, title, children: separateLists(children) })),
  fc.tuple(fc.array(leaf, { minLength: 1, maxLength: 2 }), fc.array(leaf, { minLength: 1, maxLength: 2 })).map(([a, b]) => ({ type: 'columns', children: [{ type: 'column', ratio: '50', children: separateLists(a) }, { type: 'column', ratio: '50', children: separateLists(b) }] })),
) as fc.Arbitrary<BlockContent>;
const doc: fc.Arbitrary<Root> = fc.array(fc.oneof({ weight: 5, arbitrary: leaf }, container), { minLength: 1, maxLength: 8 }).map((children) => ({ type: 'root', children: separateLists(children) }));

/** Two lists side by side read back as one: keep a paragraph between them. */
function separateLists(blocks: BlockContent[]): BlockContent[] {
  const out: BlockContent[] = [];
  for (const b of blocks) {
    if (b.type === 'list' && out[out.length - 1]?.type === 'list') out.push({ type: 'paragraph', children: [{ type: 'text', value: 'between' }] });
    out.push(b);
  }
  return out;
}

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
