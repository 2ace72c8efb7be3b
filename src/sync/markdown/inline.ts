// Inline Notion tags inside parsed markdown: remark leaves `<span color=…>`,
// `<u>`, `<mention …>` and `<date …/>` as raw `html` nodes around the text
// they wrap. Pairing them turns each into one extension node, so the words
// inside stay ordinary markdown (bold, links…) and the tags become attributes.
import type { Html, Parent, PhrasingContent, RootContent } from 'mdast';
import type { MentionNode, SpanNode } from './nodes';
import { readTag } from './tags';

const WRAPPERS = new Set(['span', 'u', 'mention', 'b', 'i', 's', 'strong', 'em', 'del']);

function wrap(name: string, attrs: Record<string, string>, children: PhrasingContent[]): PhrasingContent {
  switch (name) {
    case 'b':
    case 'strong':
      return { type: 'strong', children };
    case 'i':
    case 'em':
      return { type: 'emphasis', children };
    case 's':
    case 'del':
      return { type: 'delete', children };
    case 'mention': {
      const { url = '', ...rest } = attrs;
      return { type: 'notionMention', url, attrs: rest, children } satisfies MentionNode;
    }
    default:
      return { type: 'notionSpan', tag: name === 'u' ? 'u' : 'span', attrs, children } satisfies SpanNode;
  }
}

/** A lone tag: `<br>`, `<date …/>`, `<mention … />`; null when it is not one. */
function single(node: Html): PhrasingContent | null {
  const tag = readTag(node.value);
  if (!tag || tag.length !== node.value.length) return null;
  if (tag.name === 'br') return { type: 'break' };
  if (tag.name === 'date' && tag.selfClosing) return { type: 'notionDate', attrs: tag.attrs };
  if (tag.name === 'mention' && tag.selfClosing) return wrap('mention', tag.attrs, []);
  return null;
}

/** Index of the `</name>` html node closing the one opened at `from`, or -1. */
function matching(nodes: PhrasingContent[], from: number, name: string): number {
  let depth = 0;
  for (let i = from; i < nodes.length; i++) {
    const n = nodes[i];
    if (n?.type !== 'html') continue;
    const tag = readTag(n.value);
    if (!tag || tag.name !== name || tag.selfClosing) continue;
    depth += tag.closing ? -1 : 1;
    if (depth === 0) return i;
  }
  return -1;
}

export function pairInline(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type !== 'html') {
      out.push(node);
      continue;
    }
    const lone = single(node);
    if (lone) {
      out.push(lone);
      continue;
    }
    const tag = readTag(node.value);
    const end = tag && !tag.closing && !tag.selfClosing && WRAPPERS.has(tag.name) && tag.length === node.value.length ? matching(nodes, i, tag.name) : -1;
    if (tag && end > i) {
      out.push(wrap(tag.name, tag.attrs, pairInline(nodes.slice(i + 1, end))));
      i = end;
    } else out.push(node);
  }
  return out;
}

/** Pairs inline tags throughout a tree, in place. */
export function pairInlineDeep(node: RootContent | Parent): void {
  if (!('children' in node)) return;
  const parent = node as Parent;
  if (parent.children.some((c) => c.type === 'html') && node.type !== 'root' && isPhrasingParent(node)) {
    parent.children = pairInline(parent.children as PhrasingContent[]);
  }
  for (const child of parent.children) pairInlineDeep(child);
  const toggle = node as RootContent;
  if (toggle.type === 'toggle') {
    toggle.title = pairInline(toggle.title);
    for (const t of toggle.title) pairInlineDeep(t);
  }
}

function isPhrasingParent(node: RootContent | Parent): boolean {
  return ['paragraph', 'heading', 'tableCell', 'emphasis', 'strong', 'delete', 'link', 'notionSpan', 'notionMention', 'notionMedia'].includes(node.type);
}
