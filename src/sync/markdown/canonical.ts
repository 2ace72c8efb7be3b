// Identity by content: a canonical rendering of the model, so that Notion's
// cosmetic drift (trailing spaces, final newline, blank lines, v1 vs v2,
// `::: callout` vs `<callout>`, the page-URL host, signed media URLs) and the
// file's own form hash the same.
import { createHash } from 'node:crypto';
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { toNotion } from './toNotion';
import { dashedId, notionIdOf, stripSignature } from './urls';

/** Notion URLs by page id (any host, any title slug); other URLs without signatures. */
function canonicalUrl(url: string): string {
  const id = notionIdOf(url);
  const rawFragment = url.includes('#') ? (url.split('#')[1] ?? '') : '';
  // A block anchor in either spelling (dashed or not) names the same block.
  const fragment = url.includes('#') ? `#${dashedId(rawFragment) ?? rawFragment}` : '';
  if (id) return `notion:${id}${fragment}`;
  const rest = NOTION_PREFIX.exec(url);
  if (rest) return `notion:/${url.slice(rest[0].length)}`;
  return stripSignature(url);
}

const NOTION_PREFIX = /^https?:\/\/(?:www\.notion\.so|app\.notion\.com\/p|notion\.so)\//i;

/** A protected block's text, with the same drift taken out: URL hosts, trailing spaces, blank-line runs. */
function canonicalRaw(raw: string): string {
  return raw
    .replace(/https?:\/\/[^\s"'<>)]+/g, (url) => canonicalUrl(url))
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n');
}

function mergeText(children: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const c of children) {
    const last = out[out.length - 1];
    if (c.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + c.value };
    else out.push(c);
  }
  return out;
}

/** Leading and trailing spaces of a block's text are not content Notion keeps apart. */
function trimEdges(children: PhrasingContent[]): PhrasingContent[] {
  const out = mergeText(children);
  const first = out[0];
  if (first?.type === 'text') out[0] = { type: 'text', value: first.value.replace(/^[ \t]+/, '') };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value.replace(/[ \t]+$/, '') };
  return out.filter((c) => c.type !== 'text' || c.value !== '');
}

function normaliseNode(node: Nodes): Nodes {
  const n = { ...node } as Nodes & Record<string, unknown>;
  delete n.position;
  if (n.data && Object.keys(n.data).length === 0) delete n.data;
  if ('url' in n && typeof n.url === 'string') n.url = canonicalUrl(n.url);
  if (n.type === 'notionChild') {
    const { url, ...attrs } = n.attrs;
    const id = attrs.id ?? (url ? notionIdOf(url) : null);
    n.attrs = id ? { ...attrs, id } : { ...attrs, ...(url ? { url } : {}) };
  }
  if (n.type === 'notionMention' && n.attrs.url) delete n.attrs.url;
  if (n.type === 'notionProtected') n.raw = canonicalRaw(n.raw);
  if (n.type === 'list' || n.type === 'listItem') n.spread = false;
  if (n.type === 'toggle') n.title = trimEdges(n.title.map((t) => normaliseNode(t) as PhrasingContent));
  if ('children' in n && Array.isArray(n.children)) {
    const kids = (n.children as Nodes[]).map(normaliseNode);
    const phrasingParent = n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell';
    (n as { children: Nodes[] }).children = phrasingParent ? trimEdges(kids as PhrasingContent[]) : n.type === 'root' || n.type === 'blockquote' ? kids : kids;
  }
  return n;
}

export function normalise(root: Root): Root {
  return normaliseNode(root) as Root;
}

/** The canonical text of a model: Notion v2 of the normalised tree. */
export function canonicalText(root: Root): string {
  return toNotion(normalise(root));
}

export function canonicalHash(root: Root): string {
  return createHash('sha256').update(canonicalText(root), 'utf8').digest('hex');
}

/** Canonical text of one block, for comparing blocks between two versions. */
export function blockKey(node: RootContent): string {
  return canonicalText({ type: 'root', children: [node] });
}
