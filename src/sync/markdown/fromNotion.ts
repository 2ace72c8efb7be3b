// Notion's markdown (v2, or v1 converted to v2 first) → the document model.
import type { BlockContent, List, Paragraph, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { BLOCK_TAGS, position, scanBlocks, type TagBlock } from './blockScan';
import { pairInline, pairInlineDeep } from './inline';
import type { ChildNode, MediaNode } from './nodes';
import { parseMarkdown } from './syntax';
import { decodeEntities, readTag } from './tags';
import { looksLikeV1, v1ToV2 } from './v1';

export type NotionVersion = 'v1' | 'v2';

export interface NotionDoc {
  root: Root;
  version: NotionVersion;
  /** The text the top-level positions point into: the input itself for v2. */
  source: string;
}

/** Parses a page body as Notion sent it. `auto` reads v1 when it sees v1-only syntax. */
export function parseNotion(text: string, version: NotionVersion | 'auto' = 'auto'): NotionDoc {
  const v: NotionVersion = version === 'auto' ? (looksLikeV1(text) ? 'v1' : 'v2') : version;
  const source = v === 'v1' ? v1ToV2(text) : text;
  return { root: { type: 'root', children: parseNotionBlocks(source, 0) }, version: v, source };
}

export function parseNotionBlocks(src: string, base: number): RootContent[] {
  return mergeLists(scanBlocks(src, base, { run: parseRun, tag: tagNode }));
}

function listKind(node: RootContent): string | null {
  if (node.type !== 'list') return null;
  return `${node.ordered ? 'ol' : 'ul'}${node.children.some((i) => typeof i.checked === 'boolean') ? ' task' : ''}`;
}

/** Items Notion wrote as separate tags (`<todo>`, `<ul><li>` per item) are one list, as in the file. */
function mergeLists(nodes: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    const kind = listKind(node);
    if (kind && last?.type === 'list' && node.type === 'list' && listKind(last) === kind) {
      out[out.length - 1] = { ...last, children: [...last.children, ...node.children], position: position(last.position?.start.offset ?? 0, node.position?.end.offset ?? 0) };
    } else out.push(node);
  }
  return out;
}

/** Plain markdown between tags; lone inline tags on their own line become paragraphs. */
function parseRun(text: string, base: number): RootContent[] {
  const tree = parseMarkdown(text);
  const out: RootContent[] = [];
  for (const node of tree.children) {
    let n: RootContent = node;
    if (node.type === 'html' && !BLOCK_TAGS.has(readTag(node.value)?.name ?? '')) {
      n = { type: 'paragraph', children: pairInline([{ type: 'html', value: node.value }]), position: node.position };
    }
    if (n.type === 'definition') continue;
    pairInlineDeep(n);
    shiftInner(n, base);
    const s = node.position?.start.offset ?? 0;
    const e = node.position?.end.offset ?? text.length;
    n.position = position(base + s, base + e);
    out.push(n);
  }
  return out;
}

/** Offsets of the nodes inside a run's top-level node, made offsets into the whole text (a push cuts list items by them). */
function shiftInner(node: RootContent, base: number): void {
  if (!('children' in node)) return;
  for (const c of node.children as RootContent[]) {
    if (c.position) c.position = position(base + (c.position.start.offset ?? 0), base + (c.position.end.offset ?? 0));
    shiftInner(c, base);
  }
}

/** Inner text of a container without the newline after the opening tag and before the closing one. */
function trimInner(block: TagBlock): { text: string; base: number } {
  let text = block.inner;
  let base = block.innerStart;
  if (text.startsWith('\n')) {
    text = text.slice(1);
    base++;
  }
  if (text.endsWith('\n')) text = text.slice(0, -1);
  return { text, base };
}

function innerBlocks(block: TagBlock): RootContent[] {
  const { text, base } = trimInner(block);
  return parseNotionBlocks(text, base);
}

/**
 * A tag's text as inline content. Text that starts like a block (`0) a`, `# x`,
 * `> y`, `---`) is still inline here: its first marker is escaped, which
 * changes no character of the text, and parsed again.
 */
export function parseInline(text: string): PhrasingContent[] {
  for (const src of [text, guardBlockStart(text)]) {
    const first = parseMarkdown(src).children[0];
    if (first?.type !== 'paragraph' || parseMarkdown(src).children.length !== 1) continue;
    const para: Paragraph = first;
    pairInlineDeep(para);
    return para.children;
  }
  return text === '' ? [] : [{ type: 'text', value: text }];
}

function guardBlockStart(text: string): string {
  const ordered = /^(\s*\d{1,9})([.)])/.exec(text);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${text.slice(ordered[0].length)}`;
  return text.replace(/^(\s*)([#>+\-*=_~`|:])/, '$1\\$2');
}

function colorOf(attrs: Record<string, string>): { notionColor: string } | undefined {
  return attrs.color ? { notionColor: attrs.color } : undefined;
}

function protectedNode(block: TagBlock): RootContent {
  return { type: 'notionProtected', kind: block.tag.name, raw: block.raw };
}

function tagNode(block: TagBlock): RootContent {
  const node = buildNode(block);
  node.position = position(block.start, block.end);
  // A `<todo>`, or a `<ul>` holding one `<li>`, is one list item: the item spans the whole tag.
  if (node.type === 'list' && node.children.length === 1) node.children[0]!.position = node.position;
  return node;
}

function buildNode(block: TagBlock): RootContent {
  const { name, attrs } = block.tag;
  switch (name) {
    case 'callout':
      return { type: 'callout', icon: attrs.icon, color: attrs.color, children: innerBlocks(block) as BlockContent[] };
    case 'toggle':
      return toggleNode(block);
    case 'columns':
      return { type: 'columns', children: innerBlocks(block).filter((c) => c.type === 'column') };
    case 'column':
      return { type: 'column', ratio: attrs.ratio, children: innerBlocks(block) as BlockContent[] };
    case 'page':
    case 'database':
    case 'folder':
      return { type: 'notionChild', kind: name, attrs, title: unescapeText(block.inner) } satisfies ChildNode;
    case 'table-of-contents':
      return { type: 'tableOfContents', color: attrs.color };
    case 'p':
    case 'empty-block':
      return paragraphNode(block);
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return { type: 'heading', depth: Number(name[1]) as 1, children: parseInline(trimInner(block).text), data: colorOf(attrs) };
    case 'quote':
      return { type: 'blockquote', children: innerBlocks(block) as BlockContent[], data: colorOf(attrs) };
    case 'todo':
      return todoNode(block);
    case 'ul':
    case 'ol':
      return { type: 'list', ordered: name === 'ol', spread: false, children: innerBlocks(block).flatMap((c) => (c.type === 'listItem' ? [c] : c.type === 'list' ? c.children : [])) };
    case 'li':
      return { type: 'listItem', spread: false, children: innerBlocks(block) as BlockContent[], data: colorOf(attrs) };
    case 'image':
      return { type: 'paragraph', children: [{ type: 'image', url: attrs.source ?? attrs.src ?? '', alt: unescapeText(block.inner) }], data: colorOf(attrs) };
    case 'pdf':
    case 'file':
    case 'audio':
    case 'video':
    case 'bookmark':
    case 'embed':
      return mediaNode(block);
    case 'equation':
      return { type: 'math', value: trimInner(block).text, data: colorOf(attrs) };
    case 'table':
      return plainTable(block) ?? protectedNode(block);
    default:
      return protectedNode(block);
  }
}

function toggleNode(block: TagBlock): RootContent {
  const { attrs } = block.tag;
  const children = innerBlocks(block);
  const first = children[0];
  const title = first?.type === 'paragraph' ? (children.shift(), first.children) : [];
  const heading = /^h([1-4])$/.exec(attrs.heading ?? '')?.[1];
  return { type: 'toggle', heading: heading ? Number(heading) : undefined, color: attrs.color, title, children: children as BlockContent[] };
}

function paragraphNode(block: TagBlock): RootContent {
  const children = innerBlocks(block);
  if (children.length === 0) return { type: 'paragraph', children: [], data: colorOf(block.tag.attrs) };
  const only = children[0];
  if (children.length === 1 && only?.type === 'paragraph') return { ...only, data: colorOf(block.tag.attrs) };
  return protectedNode(block);
}

function todoNode(block: TagBlock): List {
  const checked = block.tag.attrs.checked === 'true';
  const children = innerBlocks(block) as BlockContent[];
  return { type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', checked, spread: false, children, data: colorOf(block.tag.attrs) }] };
}

function mediaNode(block: TagBlock): MediaNode {
  const { source, src, ...rest } = block.tag.attrs;
  return { type: 'notionMedia', kind: block.tag.name, url: source ?? src ?? '', attrs: rest, children: parseInline(trimInner(block).text) };
}

/** A `<table>` with nothing but a header row and inline cells becomes a GFM table; a styled one stays protected. */
function plainTable(block: TagBlock): Table | null {
  const { attrs } = block.tag;
  if (attrs['header-row'] !== 'true' || attrs['header-column'] === 'true' || /color=|<colgroup|<col\b/.test(block.inner)) return null;
  const rows: TableRow[] = [];
  for (const tr of block.inner.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cells = [...(tr[1] ?? '').matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => ({ type: 'tableCell' as const, children: parseInline((m[1] ?? '').replace(/<br\s*\/?>/g, ' ')) }));
    rows.push({ type: 'tableRow', children: cells });
  }
  const width = rows[0]?.children.length ?? 0;
  if (rows.length === 0 || rows.some((r) => r.children.length !== width)) return null;
  return { type: 'table', align: rows[0]!.children.map(() => null), children: rows };
}

/** Text of a tag body (page title, caption): backslash escapes and entities undone. */
export function unescapeText(text: string): string {
  return decodeEntities(text.replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}
