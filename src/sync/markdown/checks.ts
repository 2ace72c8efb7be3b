// What a file says that Notion would change or drop on a push: said before the
// push (Problems panel, `sync --dry-run`), with what will happen. The push
// itself sends such links and images as their text (pushForm), never as an
// invalid URL.
import type { Nodes, PhrasingContent, Root } from 'mdast';
import type { FileLinkResolver } from './fromFile';
import { fromFile } from './fromFile';
import { decodeFragment } from './urls';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';

export interface Finding {
  /** 1-based line in the body, when known. */
  line?: number;
  message: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * A link target Notion cannot hold: not a URL, nor a synced file, nor (once the
 * file is read) a heading anchor the resolver turned into a Notion block link.
 */
function unresolved(url: string, links: FileLinkResolver | undefined): boolean {
  return !SCHEME.test(url) && !links?.idFor(url);
}

/** The anchors GitHub and VS Code's preview give the body's headings, in order. */
export function headingSlugs(root: Root): Set<string> {
  const slugger = new GithubSlugger();
  const out = new Set<string>();
  const walk = (node: Nodes) => {
    if (node.type === 'heading') out.add(slugger.slug(toString(node)));
    else if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(root);
  return out;
}

function linkFinding(url: string, slugs: Set<string>): string | null {
  if (!url.startsWith('#')) return `link to "${url}", which is not a synced page: sent as plain text`;
  // An anchor of a heading here becomes a link to its block once Notion has the heading.
  return slugs.has(decodeFragment(url.slice(1))) ? null : `link to "${url}", which names no heading of this page: sent as plain text`;
}

function check(node: Nodes, ctx: { links: FileLinkResolver | undefined; slugs: Set<string> }, out: Finding[]): void {
  const { links } = ctx;
  const line = node.position?.start.line;
  if (node.type === 'heading' && node.depth > 4) out.push({ line, message: `heading level ${node.depth}: Notion has 4 levels, it becomes a level-4 heading` });
  if (node.type === 'html' && !/^<!--/.test(node.value)) out.push({ line, message: `raw HTML ${JSON.stringify(node.value.slice(0, 40))}: Notion keeps it as literal text` });
  const linkMessage = node.type === 'link' && unresolved(node.url, links) ? linkFinding(node.url, ctx.slugs) : null;
  if (linkMessage) out.push({ line, message: linkMessage });
  if (node.type === 'image' && unresolved(node.url, links)) out.push({ line, message: `image "${node.url}" is neither a URL nor synced media: not sent, it stays in the file only` });
  if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition') out.push({ line, message: 'footnotes: Notion has none; sent as text' });
  if ('children' in node) for (const c of node.children as Nodes[]) check(c, ctx, out);
  if (node.type === 'toggle') for (const c of node.title) check(c, ctx, out);
}

/**
 * Notion creates at most this many levels of blocks in one request: a block,
 * its children and theirs (deeper fails with "…children should be not present").
 * Documented for block children; the markdown endpoints make the same blocks.
 */
export const MAX_PUSH_DEPTH = 3;

/** The block's own text is its first paragraph (list items, quotes, callouts); the rest are child blocks. */
function childBlocks(node: Nodes): Nodes[] {
  if (!('children' in node)) return [];
  const kids = node.children as Nodes[];
  if (node.type === 'listItem' || node.type === 'blockquote' || node.type === 'callout') return kids[0]?.type === 'paragraph' ? kids.slice(1) : kids;
  if (node.type === 'toggle' || node.type === 'columns' || node.type === 'column' || node.type === 'list' || node.type === 'root') return kids;
  return [];
}

/** Levels of Notion blocks a node makes (a list is no block, its items are; a table and its rows are two). */
export function blockDepth(node: Nodes): number {
  if (node.type === 'table') return 2;
  const own = node.type === 'list' || node.type === 'root' ? 0 : 1;
  return own + Math.max(0, ...childBlocks(node).map(blockDepth));
}

/** Why a block cannot be sent in one request, at `above` levels below the page; null when it can. */
export function tooDeep(node: Nodes, above = 0): string | null {
  const depth = above + blockDepth(node);
  return depth > MAX_PUSH_DEPTH ? `nested ${depth} levels deep: Notion creates at most ${MAX_PUSH_DEPTH} levels of blocks in one request` : null;
}

export function notionLimits(body: string, links?: FileLinkResolver): Finding[] {
  const out: Finding[] = [];
  const root = fromFile(body, links);
  check(root, { links, slugs: headingSlugs(root) }, out);
  for (const block of root.children) {
    const deep = tooDeep(block);
    if (deep) out.push({ line: block.position?.start.line, message: `${deep}; an edit of this block is refused before anything is sent (flatten it, or make the deeper edit in Notion)` });
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function pushPhrasing(nodes: PhrasingContent[], links: FileLinkResolver | undefined): PhrasingContent[] {
  return nodes.flatMap((n): PhrasingContent[] => {
    if (n.type === 'link' && unresolved(n.url, links)) return pushPhrasing(n.children, links);
    if (n.type === 'image' && unresolved(n.url, links)) return n.alt ? [{ type: 'text', value: n.alt }] : [];
    if ('children' in n) return [{ ...n, children: pushPhrasing(n.children as PhrasingContent[], links) } as PhrasingContent];
    return [n];
  });
}

function pushNode<N extends Nodes>(node: N, links: FileLinkResolver | undefined): N {
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') return { ...node, children: pushPhrasing(node.children, links) };
  if (node.type === 'toggle') return { ...node, title: pushPhrasing(node.title, links), children: node.children.map((c) => pushNode(c, links)) };
  if ('children' in node) return { ...node, children: (node.children as Nodes[]).map((c) => pushNode(c, links)) };
  return node;
}

/** The model as it may be sent: links and images that lead nowhere in Notion become their text. */
export function pushForm(root: Root, links?: FileLinkResolver): Root {
  // A paragraph that held only a local image is left out, not sent as an empty block.
  const children = root.children.flatMap((c) => {
    const sent = pushNode(c, links);
    return sent.type === 'paragraph' && sent.children.length === 0 && c.type === 'paragraph' && c.children.length > 0 ? [] : [sent];
  });
  return { ...root, children };
}
