// The document model → Notion-flavored Markdown v2, for pushes and creates.
// Notion tags for what markdown lacks; block colors as `color` attributes.
import type { List, ListItem, Nodes, Parents, PhrasingContent, Root } from 'mdast';
import { mathToMarkdown } from 'mdast-util-math';
import { defaultHandlers, type Info, type State } from 'mdast-util-to-markdown';
import type { CalloutNode, ChildNode, ColumnsNode, ColumnNode, MediaNode, MentionNode, SpanNode, ToggleNode } from './nodes';
import { plainParagraph, stringifyMarkdown, type Handlers } from './syntax';
import { formatAttrs, openTag, selfClosingTag } from './tags';

type Handle<N> = (node: N, parent: Parents | undefined, state: State, info: Info) => string;

export function flow(node: { children: unknown[] }, state: State, info: Info): string {
  return state.containerFlow(node as never, info);
}

/** Inline content escaped as inside a paragraph (the escaping rules depend on the construct stack). */
export function phrasing(children: PhrasingContent[], state: State, info: Info): string {
  const exit = state.enter('paragraph');
  const subexit = state.enter('phrasing');
  const value = state.containerPhrasing({ type: 'paragraph', children }, { ...info, before: '\n', after: '\n' });
  subexit();
  exit();
  return value;
}

/** A container in tag form: the opening tag, the body on its own lines, the closing tag. */
function container(name: string, attrs: Record<string, string | undefined>, body: string): string {
  return body === '' ? `${openTag(name, attrs)}\n</${name}>` : `${openTag(name, attrs)}\n${body}\n</${name}>`;
}

const callout: Handle<CalloutNode> = (node, _p, state, info) => container('callout', { icon: node.icon, color: node.color }, flow(node, state, info));

const toggle: Handle<ToggleNode> = (node, _p, state, info) => {
  const title = phrasing(node.title, state, info);
  const body = [title, flow(node, state, info)].filter((s) => s !== '').join('\n\n');
  return container('toggle', { heading: node.heading ? `h${node.heading}` : undefined, color: node.color }, body);
};

const columns: Handle<ColumnsNode> = (node, _p, state, info) => container('columns', {}, node.children.map((c) => column(c, undefined, state, info)).join('\n'));
const column: Handle<ColumnNode> = (node, _p, state, info) => container('column', { ratio: node.ratio }, flow(node, state, info));

/** `https://www.notion.so/<id>` for a child known only by id (a file's reference). */
export function notionPageUrl(id: string): string {
  return `https://www.notion.so/${id.replace(/-/g, '')}`;
}

const child: Handle<ChildNode> = (node) => {
  const { url, id, ...rest } = node.attrs;
  const attrs = { url: url ?? (id ? notionPageUrl(id) : undefined), ...rest };
  return `${openTag(node.kind, attrs)}${escapeTagText(node.title)}</${node.kind}>`;
};

const media: Handle<MediaNode> = (node, _p, state, info) => `${openTag(node.kind, { source: node.url, ...node.attrs })}${phrasing(node.children, state, info)}</${node.kind}>`;

const mention: Handle<MentionNode> = (node, _p, state, info) => {
  const attrs = { url: node.url, ...node.attrs };
  return node.children.length === 0 ? selfClosingTag('mention', attrs) : `${openTag('mention', attrs)}${phrasing(node.children, state, info)}</mention>`;
};

const span: Handle<SpanNode> = (node, _p, state, info) => `<${node.tag}${formatAttrs(node.attrs)}>${phrasing(node.children, state, info)}</${node.tag}>`;

/** Title text inside a tag: `<` and `\` escaped, nothing else. */
export function escapeTagText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/</g, '\\<');
}

function colored(name: string, node: Nodes, inner: () => string): string | null {
  const color = node.data?.notionColor;
  return color ? `${openTag(name, { color })}${inner()}</${name}>` : null;
}

/** A coloured item: `<todo checked color>`, or `<ul>`/`<ol>` around `<li color>`; one line when it holds only its text. */
function taggedItem(list: List, item: ListItem, state: State, info: Info): string {
  const [first, ...rest] = item.children;
  const title = first?.type === 'paragraph' ? phrasing(first.children, state, info) : '';
  const body = [title, flow({ type: 'root', children: first?.type === 'paragraph' ? rest : item.children } as Root, state, info)].filter((s) => s !== '').join('\n\n');
  const task = typeof item.checked === 'boolean';
  const [name, attrs] = task ? ['todo', { checked: String(item.checked), color: item.data?.notionColor }] : ['li', { color: item.data?.notionColor }];
  const own = body.includes('\n') ? container(name, attrs, body) : `${openTag(name, attrs)}${body}</${name}>`;
  if (task) return own;
  const wrapper = list.ordered ? 'ol' : 'ul';
  return `<${wrapper}>\n${own}\n</${wrapper}>`;
}

/** A list with coloured items: those in tag form, the runs between as ordinary list lines (numbering kept). */
const list: Handle<List> = (node, parent, state, info) => {
  if (!node.children.some((i) => i.data?.notionColor)) return defaultHandlers.list(node, parent, state, info);
  const parts: string[] = [];
  let run: ListItem[] = [];
  const flush = (at: number) => {
    // The runs are one list in Notion: no switch to `*` as if they were separate lists.
    state.bulletLastUsed = undefined;
    if (run.length) parts.push(defaultHandlers.list({ ...node, start: (node.start ?? 1) + at - run.length, children: run }, parent, state, info));
    run = [];
  };
  node.children.forEach((item, at) => {
    if (!item.data?.notionColor) return void run.push(item);
    flush(at);
    parts.push(taggedItem(node, item, state, info));
  });
  flush(node.children.length);
  return parts.join('\n');
};

const mathHandler = mathToMarkdown().handlers!.math!;

export const notionHandlers: Handlers = {
  callout,
  toggle,
  columns,
  column,
  notionChild: child,
  tableOfContents: (node) => selfClosingTag('table-of-contents', { color: node.color }),
  notionMedia: media,
  notionProtected: (node) => node.raw,
  notionMention: mention,
  notionDate: (node) => selfClosingTag('date', node.attrs),
  notionSpan: span,
  list,
  heading: (node, parent, state, info) =>
    colored(`h${Math.min(node.depth, 4)}`, node, () => phrasing(node.children, state, info)) ??
    defaultHandlers.heading({ ...node, depth: Math.min(node.depth, 4) as 1 }, parent, state, info),
  paragraph: (node, parent, state, info) => {
    const only = node.children[0];
    if (node.children.length === 1 && only?.type === 'image' && node.data?.notionColor) {
      return `${openTag('image', { source: only.url, color: node.data.notionColor })}${escapeTagText(only.alt ?? '')}</image>`;
    }
    if (node.children.length === 0) return node.data?.notionColor ? selfClosingTag('p', { color: node.data.notionColor }) : '<p />';
    return colored('p', node, () => phrasing(node.children, state, info)) ?? plainParagraph(node, parent, state, info);
  },
  blockquote: (node, parent, state, info) =>
    node.data?.notionColor ? container('quote', { color: node.data.notionColor }, flow(node, state, info)) : defaultHandlers.blockquote(node, parent, state, info),
  math: (node, parent, state, info) =>
    node.data?.notionColor ? container('equation', { color: node.data.notionColor }, node.value) : mathHandler(node, parent, state, info),
};

/** The model as Notion v2 text: blank lines between blocks, no final newline. */
export function toNotion(root: Root): string {
  return stringifyMarkdown(root, notionHandlers).replace(/\n+$/, '');
}
