// fast-check generators of document models: every construct of the README's
// Notion ⇄ file table (the engine's round trip and the emulator's share them).
import fc from 'fast-check';
import type { BlockContent, PhrasingContent, Root, RootContent } from 'mdast';

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9,.;:!?'()*_#<>&$|~-]{0,8}$/);
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const hex = fc.stringMatching(/^[0-9a-f]{32}$/);
/** Notion writes user and data-source ids dashed. */
const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
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
  hex.map((id) => ({ type: 'notionMention', url: `user://${uuid(id)}`, attrs: {}, children: [] })),
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
export const leaf = fc.oneof(
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
  fc.tuple(hex, hex, words, fc.boolean()).map(([id, ds, title, inline]) => ({ type: 'notionChild', kind: 'database', attrs: { url: `https://www.notion.so/${id}`, 'data-source-url': `collection://${uuid(ds)}`, ...(inline ? { inline: 'true' } : {}) }, title })),
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
export const doc: fc.Arbitrary<Root> = fc.array(fc.oneof({ weight: 5, arbitrary: leaf }, container), { minLength: 1, maxLength: 8 }).map((children) => ({ type: 'root', children: separateLists(children) }));

/** Two lists side by side read back as one: keep a paragraph between them. */
export function separateLists(blocks: BlockContent[]): BlockContent[] {
  const out: BlockContent[] = [];
  for (const b of blocks) {
    if (b.type === 'list' && out[out.length - 1]?.type === 'list') out.push({ type: 'paragraph', children: [{ type: 'text', value: 'between' }] });
    out.push(b);
  }
  return out;
}

/**
 * Left out: child pages and databases, synced and unknown blocks name objects
 * that must already exist in Notion (the engine never creates them from a file).
 */
const OUTSIDE = new Set(['notionChild', 'notionProtected']);

/** What Notion changes on its own: a callout gets the 💡 icon when it has none; an image's block colour is dropped (seen live). */
function asNotionKeepsIt(n: RootContent): RootContent {
  if (n.type === 'callout' && !n.icon) return { ...n, icon: '💡' };
  if (n.type === 'paragraph' && n.children.length === 1 && n.children[0]?.type === 'image') return { ...n, data: undefined };
  return n;
}

/** Lists left side by side by a removed block are one list in Notion: kept apart as the generator does. */
function holdable(nodes: RootContent[]): RootContent[] {
  const kept = nodes
    .filter((n) => !OUTSIDE.has(n.type))
    .map(asNotionKeepsIt)
    .map((n) => ('children' in n && n.type !== 'list' ? ({ ...n, children: holdable(n.children as RootContent[]) } as RootContent) : n));
  return separateLists(kept as BlockContent[]);
}

/** A generated document as Notion can hold it from a file alone (no references to objects that must exist). */
export function notionHoldable(root: Root): Root {
  return { ...root, children: holdable(root.children) };
}
