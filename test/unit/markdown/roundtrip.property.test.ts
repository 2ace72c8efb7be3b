// Property: for generated documents of the supported subset, the file form is
// a fixpoint of file → Notion v2 → parse → file, and the hash is kept.
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
const leaf = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  fc.tuple(fc.integer({ min: 1, max: 4 }), phrasing).map(([depth, children]) => ({ type: 'heading', depth: depth as 1, children })),
  fc.tuple(phrasing, color).map(([children, c]) => ({ type: 'paragraph', children, data: { notionColor: c } })),
  fc.array(phrasing, { minLength: 1, maxLength: 3 }).map((items) => ({ type: 'list', ordered: false, spread: false, children: items.map((children) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] })) })),
  fc.tuple(fc.array(phrasing, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([items, checked]) => ({ type: 'list', ordered: false, spread: false, children: items.map((children) => ({ type: 'listItem', checked, spread: false, children: [{ type: 'paragraph', children }] })) })),
  fc.tuple(fc.constantFrom('js', 'python', 'plain'), fc.array(fc.stringMatching(/^[ -~]{0,20}$/), { maxLength: 4 })).map(([lang, lines]) => ({ type: 'code', lang, value: lines.join('\n') })),
  fc.stringMatching(/^[a-z0-9+=^ ]{1,12}$/).map((value) => ({ type: 'math', value: value.trim() || 'x' })),
  fc.constant({ type: 'thematicBreak' } as BlockContent),
  phrasing.map((children) => ({ type: 'blockquote', children: [{ type: 'paragraph', children }] })),
  fc.tuple(hex, words).map(([id, title]) => ({ type: 'notionChild', kind: 'page', attrs: { url: `https://www.notion.so/${id}` }, title })),
  fc.constant({ type: 'tableOfContents' } as BlockContent),
  fc.tuple(hex, words).map(([id, t]) => ({ type: 'notionProtected', kind: 'synced-block', raw: `<synced-block url="https://www.notion.so/${id}">\n${t}  \n\n\`\`\`\ncode\n\`\`\`\n</synced-block>` })),
  fc.array(fc.tuple(words, words), { minLength: 2, maxLength: 3 }).map((rows) => ({ type: 'table', align: [null, null], children: rows.map(([a, b]) => ({ type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: a }] }, { type: 'tableCell', children: [{ type: 'text', value: b }] }] })) })),
) as fc.Arbitrary<BlockContent>;
const container = fc.oneof(
  fc.tuple(fc.constantFrom('💡', '⚠️', undefined), fc.array(leaf, { minLength: 1, maxLength: 3 })).map(([icon, rest]) => ({ type: 'callout', icon, color: 'gray_bg', children: separateLists([{ type: 'paragraph', children: [{ type: 'text', value: 'Note' }] }, ...rest]) })),
  fc.tuple(phrasing, fc.array(leaf, { maxLength: 3 }), fc.constantFrom(undefined, 2)).map(([title, children, heading]) => ({ type: 'toggle', heading, title, children: separateLists(children) })),
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
