// The document model → the user's file: portable CommonMark + GFM that GitHub
// and VS Code's preview show as the page looks in Notion. What markdown lacks
// is carried by HTML comments (invisible when rendered) next to an ordinary
// rendering: a callout is a blockquote led by its icon, a toggle a
// <details>, a child page a link to its file. Blocks with no markdown form are
// kept byte for byte in a ```notion fence.
import type { Html, Link, ListItem, Nodes, Paragraph, PhrasingContent, Root } from 'mdast';
import { mathToMarkdown } from 'mdast-util-math';
import { defaultHandlers, type Info, type State } from 'mdast-util-to-markdown';
import type { CalloutNode, ChildNode, ColumnsNode, MediaNode, MentionNode, ToggleNode } from './nodes';
import { plainParagraph, stringifyMarkdown, type Handlers } from './syntax';
import { flow, notionHandlers, phrasing } from './toNotion';
import { formatAttrs } from './tags';
import { absoluteNotionUrl, notionAnchorOf, notionIdOf } from './urls';

export const PROTECTED_LANG = 'notion';

/** Where links to Notion pages point in the file; null keeps the Notion URL. */
export interface FileLinks {
  /** `anchor`: the block a Notion link names after `#` (its heading's slug goes after the path). */
  pathFor(notionId: string, anchor?: string | null): string | null;
  /** The local copy of a media file (by its Notion URL), as a relative link; null keeps the URL. */
  mediaPathFor?(url: string): string | null;
}

export function marker(name: string, attrs: Record<string, string | undefined> = {}): string {
  return `<!-- notion:${name}${formatAttrs(attrs)} -->`;
}

function callout(node: CalloutNode, state: State, info: Info): string {
  const [first, ...rest] = node.children;
  const lead: PhrasingContent[] = node.icon ? [{ type: 'text', value: `${node.icon} ` }] : [];
  const head = first?.type === 'paragraph' ? [{ ...first, children: [...lead, ...first.children] }, ...rest] : [{ type: 'paragraph' as const, children: lead }, ...node.children];
  const quote = defaultHandlers.blockquote({ type: 'blockquote', children: head }, undefined, state, info);
  return `${marker('callout', { icon: node.icon, color: node.color })}\n${quote}`;
}

function toggle(node: ToggleNode, state: State, info: Info): string {
  const attrs = formatAttrs({ 'data-heading': node.heading ? `h${node.heading}` : undefined, 'data-color': node.color });
  const head = `<details${attrs}>\n<summary>${phrasing(node.title, state, info)}</summary>`;
  const body = flow(node, state, info);
  return body === '' ? `${head}\n\n</details>` : `${head}\n\n${body}\n\n</details>`;
}

function columns(node: ColumnsNode, state: State, info: Info): string {
  const parts = node.children.map((c) => [marker('column', { ratio: c.ratio }), flow(c, state, info)].filter(Boolean).join('\n\n'));
  return [marker('columns'), ...parts, marker('/columns')].join('\n\n');
}

function child(node: ChildNode, links: FileLinks | undefined, state: State, info: Info): string {
  const { url, ...rest } = node.attrs;
  const id = rest.id ?? notionIdOf(url ?? '');
  // A database's folder is mapped by its data source (the `collection://` id), not by the database id.
  const source = /^collection:\/\/([0-9a-f-]{32,36})$/i.exec(rest['data-source-url'] ?? '')?.[1];
  const target = (id && links?.pathFor(id)) || (source && links?.pathFor(source)) || url || '';
  const link: Link = { type: 'link', url: target, children: [{ type: 'text', value: node.title }] };
  return `${marker(node.kind, { ...rest, id: id ?? undefined })}\n${phrasing([link], state, info)}`;
}

function media(node: MediaNode, links: FileLinks | undefined, state: State, info: Info): string {
  const url = links?.mediaPathFor?.(node.url) ?? node.url;
  const text = node.children.length ? node.children : [{ type: 'text' as const, value: url }];
  return `${marker(node.kind, node.attrs)}\n${phrasing([{ type: 'link', url, children: text }], state, info)}`;
}

/** The file's link for a Notion URL (a synced page's path, its heading anchor kept); null to keep the URL. */
function localTarget(url: string, links: FileLinks | undefined): string | null {
  // A database is mentioned by its data source (`collection://…`), whose folder is mapped.
  const id = notionIdOf(url) ?? /^collection:\/\/([0-9a-f-]{32,36})$/i.exec(url)?.[1];
  return (id && links?.pathFor(id, notionAnchorOf(url))) || null;
}

function mention(node: MentionNode, links: FileLinks | undefined, state: State, info: Info): string {
  const target = localTarget(node.url, links) ?? absoluteNotionUrl(node.url);
  const text = node.children.length ? node.children : [{ type: 'text' as const, value: node.url }];
  return phrasing([{ type: 'link', url: target, title: `notion:mention${formatAttrs({ ...node.attrs, ...(target !== node.url ? { url: node.url } : {}) })}`, children: text }], state, info);
}

/** A fence longer than any run of backticks inside the text. */
export function fenceFor(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

const mathHandler = mathToMarkdown().handlers!.math!;

function fileHandlers(links: FileLinks | undefined): Handlers {
  return {
    ...notionHandlers,
    callout: (n, _p, s, i) => callout(n, s, i),
    toggle: (n, _p, s, i) => toggle(n, s, i),
    columns: (n, _p, s, i) => columns(n, s, i),
    notionChild: (n, _p, s, i) => child(n, links, s, i),
    tableOfContents: (n) => marker('table-of-contents', { color: n.color }),
    notionMedia: (n, _p, s, i) => media(n, links, s, i),
    image: (n, p, s, i) => defaultHandlers.image({ ...n, url: links?.mediaPathFor?.(n.url) ?? n.url }, p, s, i),
    notionProtected: (n) => `${fenceFor(n.raw)}${PROTECTED_LANG}\n${n.raw}\n${fenceFor(n.raw)}`,
    notionMention: (n, _p, s, i) => mention(n, links, s, i),
    link: (n, p, s, i) => defaultHandlers.link({ ...n, url: localTarget(n.url, links) ?? absoluteNotionUrl(n.url) }, p, s, i),
    notionDate: (n) => `<time${formatAttrs(n.attrs)}>${[n.attrs.start, n.attrs.end].filter(Boolean).join(' → ')}</time>`,
    heading: (n, p, s, i) => withColor(n.data?.notionColor, defaultHandlers.heading(n, p, s, i)),
    paragraph: (n, p, s, i) => (n.children.length === 0 ? marker('empty', { color: n.data?.notionColor }) : withColor(n.data?.notionColor, plainParagraph(n, p, s, i))),
    blockquote: (n, p, s, i) => withColor(n.data?.notionColor, defaultHandlers.blockquote(n, p, s, i)),
    math: (n, p, s, i) => withColor(n.data?.notionColor, mathHandler(n, p, s, i)),
  };
}

/**
 * Item colours as a comment ending the item's first line (`- Buy milk <!-- notion:color value="red" -->`),
 * invisible when rendered; at the line's start it would open an HTML block and swallow the text.
 */
function markItemColors<N extends Nodes>(node: N): N {
  if (!('children' in node)) return node;
  const children = (node.children as Nodes[]).map(markItemColors);
  if (node.type !== 'listItem' || !node.data?.notionColor) return { ...node, children } as N;
  const mark: Html = { type: 'html', value: marker('color', { value: node.data.notionColor }) };
  const [first, ...rest] = children as ListItem['children'];
  const head: Paragraph = first?.type === 'paragraph' ? { ...first, children: [...first.children, { type: 'text', value: ' ' }, mark] } : { type: 'paragraph', children: [mark] };
  return { ...node, data: {}, children: first?.type === 'paragraph' ? [head, ...rest] : [head, ...children] } as N;
}

function withColor(color: string | undefined, text: string): string {
  return color ? `${marker('color', { value: color })}\n${text}` : text;
}

/** The model as the file's body: blank lines between blocks, one final newline. */
export function toFile(root: Root, links?: FileLinks): string {
  const text = stringifyMarkdown(markItemColors(root), fileHandlers(links)).replace(/\n+$/, '');
  return text === '' ? '' : `${text}\n`;
}
