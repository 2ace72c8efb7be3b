// The user's file → the document model: ordinary markdown, plus the markers
// the file rendering left (HTML comments, <details>, ```notion fences, link
// titles) read back into Notion's constructs.
import type { BlockContent, Html, Link, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { pairInline } from './inline';
import type { ColumnNode, MentionNode } from './nodes';
import { parseMarkdown } from './syntax';
import { PROTECTED_LANG } from './toFile';
import { decodeEntities, parseAttrs, readTag } from './tags';
import { parseInline } from './fromNotion';

/** How links in the file lead back to Notion pages; null leaves the link as written. */
export interface FileLinkResolver {
  idFor(target: string): string | null;
  /** The block a link's `#fragment` names in the page `id` (a heading slug, or a block id); null links to the page. */
  anchorFor?(id: string, fragment: string): string | null;
  /** The Notion file a local media path stands for (its URL without signature); null leaves the path. */
  mediaUrlFor?(target: string): string | null;
}

const MARKER = /^<!--\s*notion:(\/?[a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*-->$/;

function markerOf(node: RootContent | undefined): { name: string; attrs: Record<string, string> } | null {
  if (node?.type !== 'html') return null;
  const m = MARKER.exec(node.value.trim());
  return m ? { name: m[1] ?? '', attrs: parseAttrs(m[2] ?? '') } : null;
}

function onlyLink(node: RootContent | undefined): Link | null {
  if (node?.type !== 'paragraph' || node.children.length !== 1) return null;
  const only = node.children[0];
  return only?.type === 'link' ? only : null;
}

function textOf(nodes: PhrasingContent[]): string {
  return nodes.map((n) => ('value' in n ? n.value : 'children' in n ? textOf(n.children as PhrasingContent[]) : '')).join('');
}

class FileReader {
  constructor(private readonly links: FileLinkResolver | undefined) {}

  blocks(nodes: RootContent[]): RootContent[] {
    const out: RootContent[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const used = this.block(nodes, i, out);
      i += used - 1;
    }
    return out;
  }

  /** Reads the block at `i` (with what its marker spans) into `out`; returns how many nodes it used. */
  private block(nodes: RootContent[], i: number, out: RootContent[]): number {
    const node = nodes[i]!;
    const mark = markerOf(node);
    if (mark) return this.marked(mark, nodes, i, out);
    if (node.type === 'html' && /^<details[\s>]/.test(node.value)) return this.details(node, nodes, i, out);
    if (node.type === 'code' && node.lang === PROTECTED_LANG) {
      out.push({ type: 'notionProtected', kind: readTag(node.value)?.name ?? 'unknown', raw: node.value });
      return 1;
    }
    out.push(this.inner(node));
    return 1;
  }

  private marked(mark: { name: string; attrs: Record<string, string> }, nodes: RootContent[], i: number, out: RootContent[]): number {
    const next = nodes[i + 1];
    const { name, attrs } = mark;
    if (name === 'callout' && next?.type === 'blockquote') {
      out.push({ type: 'callout', icon: attrs.icon, color: attrs.color, children: stripIcon(this.blocks(next.children), attrs.icon) as BlockContent[] });
      return 2;
    }
    if (name === 'color' && next) {
      const inner = this.blocks([next])[0]!;
      // Before a list (files of earlier versions): the colour of each item.
      if (inner.type === 'list') for (const item of inner.children) item.data = { ...item.data, notionColor: attrs.value };
      else if ('data' in inner || inner.type !== 'notionProtected') (inner as Paragraph).data = { ...(inner as Paragraph).data, notionColor: attrs.value };
      out.push(inner);
      return 2;
    }
    if (name === 'empty') {
      out.push({ type: 'paragraph', children: [], data: attrs.color ? { notionColor: attrs.color } : undefined });
      return 1;
    }
    if (name === 'table-of-contents') {
      out.push({ type: 'tableOfContents', color: attrs.color });
      return 1;
    }
    const link = onlyLink(next);
    if ((name === 'page' || name === 'database' || name === 'folder') && link) {
      out.push({ type: 'notionChild', kind: name, attrs: this.childAttrs(attrs, link), title: textOf(link.children) });
      return 2;
    }
    if (['pdf', 'file', 'audio', 'video', 'bookmark', 'embed'].includes(name) && link) {
      const caption = textOf(link.children) === link.url ? [] : this.phrasing(link.children);
      out.push({ type: 'notionMedia', kind: name, url: this.links?.mediaUrlFor?.(link.url) ?? link.url, attrs, children: caption });
      return 2;
    }
    if (name === 'columns') return this.columns(nodes, i, out);
    out.push(nodes[i]!);
    return 1;
  }

  private childAttrs(attrs: Record<string, string>, link: Link): Record<string, string> {
    // A child with no file yet links to its Notion URL: kept, so the page's text stays as Notion wrote it.
    if (attrs.id) return /^https?:\/\//.test(link.url) ? { url: link.url, ...attrs } : attrs;
    const id = this.links?.idFor(link.url);
    return id ? { ...attrs, id } : { url: link.url, ...attrs };
  }

  private columns(nodes: RootContent[], i: number, out: RootContent[]): number {
    const end = nodes.findIndex((n, j) => j > i && markerOf(n)?.name === '/columns');
    if (end < 0) {
      out.push(nodes[i]!);
      return 1;
    }
    const columns: ColumnNode[] = [];
    for (const n of nodes.slice(i + 1, end)) {
      const mark = markerOf(n);
      if (mark?.name === 'column') columns.push({ type: 'column', ratio: mark.attrs.ratio, children: [] });
      else columns[columns.length - 1]?.children.push(n as BlockContent);
    }
    for (const c of columns) c.children = this.blocks(c.children) as BlockContent[];
    out.push({ type: 'columns', children: columns });
    return end - i + 1;
  }

  private details(node: Html, nodes: RootContent[], i: number, out: RootContent[]): number {
    let depth = 0;
    let end = -1;
    for (let j = i; j < nodes.length && end < 0; j++) {
      const n = nodes[j];
      if (n?.type !== 'html') continue;
      depth += (n.value.match(/<details[\s>]/g) ?? []).length - (n.value.match(/<\/details>/g) ?? []).length;
      if (depth <= 0) end = j;
    }
    if (end < 0) {
      out.push(node);
      return 1;
    }
    const tag = readTag(node.value);
    const summary = /<summary>([\s\S]*?)<\/summary>/.exec(node.value)?.[1] ?? '';
    const heading = /^h([1-4])$/.exec(tag?.attrs['data-heading'] ?? '')?.[1];
    const children = end === i ? [] : this.blocks(nodes.slice(i + 1, end));
    out.push({ type: 'toggle', heading: heading ? Number(heading) : undefined, color: tag?.attrs['data-color'], title: this.phrasing(parseInline(summary)), children: children as BlockContent[] });
    return end - i + 1;
  }

  /** Containers and phrasing inside a block: markers there too, links and mentions resolved. */
  private inner(node: RootContent): RootContent {
    if (node.type === 'listItem') return itemColor({ ...node, children: this.blocks(node.children) as BlockContent[] });
    if (node.type === 'blockquote') return { ...node, children: this.blocks(node.children) as BlockContent[] } as RootContent;
    if (node.type === 'list') return { ...node, children: node.children.map((c) => this.inner(c)) } as RootContent;
    if ('children' in node && (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell')) return { ...node, children: this.phrasing(node.children) } as RootContent;
    if (node.type === 'table' || node.type === 'tableRow') return { ...node, children: node.children.map((c) => this.inner(c)) } as RootContent;
    return node;
  }

  phrasing(nodes: PhrasingContent[]): PhrasingContent[] {
    return pairTimes(pairInline(nodes)).map((n) => {
      if (n.type === 'link') return this.link(n);
      if (n.type === 'image') return { ...n, url: this.links?.mediaUrlFor?.(n.url) ?? n.url };
      if ('children' in n) return { ...n, children: this.phrasing(n.children as PhrasingContent[]) } as PhrasingContent;
      return n;
    });
  }

  /** The Notion link a file link to page `id` stands for: `#heading` → the heading block where it is known. */
  private notionUrl(id: string, target: string): string {
    const hash = target.indexOf('#');
    const block = hash < 0 ? null : this.links?.anchorFor?.(id, target.slice(hash + 1));
    return `https://www.notion.so/${id.replace(/-/g, '')}${block ? `#${block.replace(/-/g, '')}` : ''}`;
  }

  private link(link: Link): PhrasingContent {
    const children = this.phrasing(link.children);
    const id = /^[a-z][a-z0-9+.-]*:/i.test(link.url) ? null : this.links?.idFor(link.url);
    const url = id ? this.notionUrl(id, link.url) : link.url;
    if (!link.title?.startsWith('notion:mention')) return { type: 'link', url, title: link.title, children, position: link.position };
    const { url: original, ...attrs } = parseAttrs(link.title.slice('notion:mention'.length));
    const mentionUrl = id ? url : (original ?? url);
    const label = textOf(children) === mentionUrl || textOf(children) === link.url ? [] : children;
    return { type: 'notionMention', url: mentionUrl, attrs, children: label } satisfies MentionNode;
  }
}

/** `- text <!-- notion:color value="red" -->`: the comment is the item's colour, not its text. */
function itemColor(item: ListItem): ListItem {
  const [first, ...rest] = item.children;
  // An item with no text: the comment alone, read as an HTML block.
  if (first?.type === 'html' && markerOf(first)?.name === 'color') return { ...item, children: rest, data: { ...item.data, notionColor: markerOf(first)!.attrs.value } };
  if (first?.type !== 'paragraph') return item;
  const mark = markerOf(first.children[first.children.length - 1] as RootContent | undefined);
  if (mark?.name !== 'color') return item;
  const text = first.children.slice(0, -1);
  const last = text[text.length - 1];
  if (last?.type === 'text') text[text.length - 1] = { ...last, value: last.value.replace(/ $/, '') };
  const kept = text.filter((c) => c.type !== 'text' || c.value !== '');
  return { ...item, children: kept.length ? [{ ...first, children: kept }, ...rest] : rest, data: { ...item.data, notionColor: mark.attrs.value } };
}

/** `<time start="…">shown text</time>` back to a date mention. */
function pairTimes(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const tag = n.type === 'html' ? readTag(n.value) : null;
    const close = nodes.findIndex((c, j) => j > i && c.type === 'html' && c.value === '</time>');
    if (tag?.name === 'time' && !tag.closing && close > i) {
      out.push({ type: 'notionDate', attrs: Object.fromEntries(Object.entries(tag.attrs).map(([k, v]) => [k, decodeEntities(v)])) });
      i = close;
    } else out.push(n);
  }
  return out;
}

function stripIcon(children: RootContent[], icon: string | undefined): RootContent[] {
  const first = children[0];
  if (!icon || first?.type !== 'paragraph') return children;
  const lead = first.children[0];
  if (lead?.type !== 'text' || !lead.value.startsWith(icon)) return children;
  const rest = lead.value.slice(icon.length).replace(/^ /, '');
  const para: Paragraph = { ...first, children: rest === '' ? first.children.slice(1) : [{ ...lead, value: rest }, ...first.children.slice(1)] };
  return para.children.length === 0 ? children.slice(1) : [para, ...children.slice(1)];
}

/** Parses a file body (no frontmatter) into the document model. */
export function fromFile(text: string, links?: FileLinkResolver): Root {
  const tree = parseMarkdown(text);
  return { type: 'root', children: new FileReader(links).blocks(tree.children) };
}
