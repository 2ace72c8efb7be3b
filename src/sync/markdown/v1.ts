// Enhanced markdown (v1) → Notion-flavored markdown (v2) text, so one parser
// reads both. v1 writes one block per line and nests children one tab deeper
// under any block; v2 separates blocks with blank lines and wraps blocks that
// have children or attributes in tags. Files pulled before the document model
// hold v1 text, and a Notion that still answers v1 keeps working.
import { maskCode } from './blockScan';
import { openTag, parseAttrs, readTag } from './tags';

interface Line {
  depth: number;
  text: string;
  children: Line[];
}

/** Heuristic for text of unknown version: v1-only syntax, or blocks on consecutive lines. */
export function looksLikeV1(text: string): boolean {
  if (/<details[\s>]|<empty-block\s*\/>|\{color="|\{toggle="|^:::\s*callout|<mention-(page|user|database|date|data-source|agent)\b|<table_of_contents|<synced_block|<(pdf|file|audio|video)\s+src=|<span\s+underline=/m.test(text)) return true;
  const masked = maskCode(text);
  // Blank lines between blocks, or a `\` line break, are v2's; v1 writes neither.
  if (/\n[ \t]*\n/.test(masked) || /\\$/m.test(masked)) return false;
  const lines = masked.split('\n').filter((l) => l.trim() !== '' && !/^\s*([-*+]|\d+[.)]|\||```|~~~|\$\$)/.test(l));
  return lines.length > 1;
}

function tabs(line: string): number {
  let n = 0;
  while (line[n] === '\t') n++;
  return n;
}

/** Lines into a tree by tab depth; code fences and `<table>` bodies stay whole. */
function toTree(lines: string[]): Line[] {
  const roots: Line[] = [];
  const stack: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const depth = tabs(raw);
    let text = raw.slice(depth);
    const fence = /^(`{3,}|~{3,}|\$\$)/.exec(text)?.[1];
    const grouped = fence ? closing(lines, i, (t) => t.startsWith(fence!.slice(0, 3)) && t.trim() === t.trim().replace(/[^`~$]/g, '')) : /^<table[\s>]/.test(text) ? closing(lines, i, (t) => t.startsWith('</table>')) : i;
    for (let j = i + 1; j <= grouped; j++) text += `\n${(lines[j] ?? '').slice(Math.min(depth, tabs(lines[j] ?? '')))}`;
    i = grouped;
    const node: Line = { depth, text, children: [] };
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

function closing(lines: string[], from: number, isEnd: (t: string) => boolean): number {
  for (let j = from + 1; j < lines.length; j++) if (isEnd((lines[j] ?? '').replace(/^\t+/, ''))) return j;
  return from;
}

/** Inline v1 syntax to v2: mentions, dates, underline spans. */
export function inlineToV2(text: string): string {
  return text
    .replace(/<mention-date\b([^>]*?)\/?>(?:<\/mention-date>)?/g, (_m, a: string) => `<date${dateAttrs(a)} />`)
    .replace(/<mention-(page|database|data-source|user|agent)\b([^>]*?)(\/?)>/g, (_m, kind: string, a: string, self: string) => {
      const type = kind === 'database' || kind === 'data-source' ? ` type="${kind}"` : '';
      return `<mention${a}${type}${self ? ' /' : ''}>`;
    })
    .replace(/<\/mention-(page|database|data-source|user|agent)>/g, '</mention>')
    .replace(/<span\s+underline="true"\s*>((?:(?!<\/span>).)*)<\/span>/g, '<u>$1</u>')
    .replace(/<span\s+underline="true"\s+color="([^"]*)"\s*>((?:(?!<\/span>).)*)<\/span>/g, '<span color="$1"><u>$2</u></span>')
    .replace(/<span\s+color="([^"]*)"\s+underline="true"\s*>((?:(?!<\/span>).)*)<\/span>/g, '<span color="$1"><u>$2</u></span>');
}

function dateAttrs(raw: string): string {
  const names: Record<string, string> = { starttime: 'start-time', endtime: 'end-time', timezone: 'time-zone' };
  const attrs = parseAttrs(raw);
  return Object.entries(attrs)
    .map(([k, v]) => ` ${names[k] ?? k}="${v}"`)
    .join('');
}

/** `text {color="red" toggle="true"}` → the text and its attributes. */
function trailingAttrs(text: string): { text: string; attrs: Record<string, string> } {
  const m = /\s*\{((?:\s*[a-z-]+="[^"]*")+)\s*\}\s*$/.exec(text);
  if (!m) return { text, attrs: {} };
  return { text: text.slice(0, m.index), attrs: parseAttrs(m[1] ?? '') };
}

function container(name: string, attrs: Record<string, string | undefined>, title: string, children: Line[]): string {
  const body = blocksV2(children);
  const inner = [title, body].filter((s) => s !== '').join('\n\n');
  return `${openTag(name, attrs)}\n${inner}\n</${name}>`;
}

const LIST = /^([-*+]|\d+[.)])\s/;

function lineV2(line: Line): string {
  const text = line.text;
  const { text: plain, attrs } = trailingAttrs(text);
  const color = attrs.color;
  const heading = /^(#{1,6})\s+(.*)$/s.exec(plain);
  if (heading) {
    const level = Math.min(4, heading[1]?.length ?? 1);
    if (attrs.toggle === 'true') return container('toggle', { heading: `h${level}`, color }, heading[2] ?? '', line.children);
    const own = color ? `<h${level} color="${color}">${heading[2]}</h${level}>` : `${'#'.repeat(level)} ${heading[2]}`;
    return [own, blocksV2(line.children)].filter(Boolean).join('\n\n');
  }
  if (LIST.test(plain)) return color ? coloredItemV2(plain, color, line.children) : listItemV2(plain, line.children);
  const tag = readTag(plain);
  if (tag && !tag.closing) return tagLineV2(line, tag.name, plain);
  if (plain.startsWith('>')) return wrapColored('quote', plain.replace(/^>\s?/, ''), color, line.children, `> ${plain.replace(/^>\s?/, '')}`);
  if (plain === '<empty-block/>' || plain === '<empty-block />') return '<p />';
  return wrapColored('p', plain, color, line.children, plain);
}

function wrapColored(name: string, title: string, color: string | undefined, children: Line[], bare: string): string {
  if (!color && children.length === 0) return bare;
  if (children.length === 0) return `${openTag(name, { color })}${title}</${name}>`;
  return container(name, { color }, title, children);
}

/** `- item {color="red"}` → `<ul><li color="red">`, `<ol>…`, or `<todo checked color>` (v2 has no other form for an item colour). */
function coloredItemV2(text: string, color: string, children: Line[]): string {
  const task = /^[-*+]\s+\[([ xX])\]\s?(.*)$/s.exec(text);
  if (task) return container('todo', { checked: String(task[1] !== ' '), color }, task[2] ?? '', children);
  const wrapper = /^\d/.test(text) ? 'ol' : 'ul';
  return `<${wrapper}>\n${container('li', { color }, text.replace(LIST, ''), children)}\n</${wrapper}>`;
}

/** A list item and its tab-indented children (a nested item's v1 colour is not carried). */
function listItemV2(text: string, children: Line[]): string {
  const kids = children.map((c) => {
    const v2 = LIST.test(c.text) ? listItemV2(trailingAttrs(c.text).text, c.children) : lineV2(c);
    return v2.split('\n').map((l) => (l === '' ? '' : `\t${l}`)).join('\n');
  });
  const allLists = children.every((c) => LIST.test(c.text));
  return [text, ...kids].join(allLists ? '\n' : '\n\n');
}

function tagLineV2(line: Line, name: string, text: string): string {
  switch (name) {
    case 'details': {
      const summary = line.children.find((c) => c.text.startsWith('<summary>'));
      const title = summary ? summary.text.replace(/^<summary>/, '').replace(/<\/summary>$/, '') : '';
      const attrs = readTag(text)?.attrs ?? {};
      const rest = line.children.filter((c) => c !== summary);
      return container('toggle', { color: attrs.color }, title, [...(summary?.children ?? []), ...rest]);
    }
    case 'callout':
    case 'columns':
    case 'column':
    case 'synced_block':
    case 'synced_block_reference': {
      const attrs = readTag(text)?.attrs ?? {};
      const v2name = name.replace(/_/g, '-');
      const kids = line.children.filter((c) => c.text !== `</${name}>`);
      if (name === 'callout' && kids[0] && !readTag(kids[0].text)) {
        const [first, ...rest] = kids;
        return container('callout', attrs, lineV2({ ...first!, children: [] }), [...first!.children, ...rest]);
      }
      return container(v2name, attrs, '', kids);
    }
    case 'table_of_contents':
      return text.replace('<table_of_contents', '<table-of-contents').replace(/\s*\/>$/, ' />');
    case 'pdf':
    case 'file':
    case 'audio':
    case 'video':
      return text.replace(/^<(\w+)\s+src=/, '<$1 source=');
    default:
      return [text, blocksV2(line.children)].filter(Boolean).join('\n\n');
  }
}

/** `::: callout {icon="💡" color="…"}` … `:::` (a Pandoc fenced div) → `<callout …>` … `</callout>`. */
function fencedCallouts(text: string): string {
  return text.replace(/^(\t*):::\s*callout\s*(?:\{([^}]*)\})?\s*$/gm, (_m, ind: string, a: string | undefined) => `${ind}${openTag('callout', parseAttrs(a ?? ''))}`).replace(/^(\t*):::\s*$/gm, '$1</callout>');
}

function blocksV2(lines: Line[]): string {
  const out: string[] = [];
  let prevList = false;
  for (const line of lines) {
    if (/^<\/(callout|details|columns|column|synced_block|synced_block_reference)>$/.test(line.text)) continue;
    const isList = LIST.test(line.text);
    const v2 = lineV2(line);
    if (out.length && prevList && isList) out[out.length - 1] += `\n${v2}`;
    else out.push(v2);
    prevList = isList;
  }
  return out.join('\n\n');
}

const CONTAINERS = /^<(details|callout|columns|column|synced_block|synced_block_reference)\b[^>]*>$/;

/**
 * v1 closes containers at the opening tag's depth (`</details>` under
 * `<details>`), and `::: callout` content is not indented at all: the lines
 * between an opening and its closing sibling become the container's children.
 */
function groupContainers(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const name = CONTAINERS.exec(line.text)?.[1];
    const end = name ? lines.findIndex((l, j) => j > i && l.text === `</${name}>`) : -1;
    if (name && end > i) {
      line.children = [...line.children, ...lines.slice(i + 1, end)];
      i = end;
    }
    line.children = groupContainers(line.children);
    out.push(line);
  }
  return out;
}

/** A v1 page body as v2 text. */
export function v1ToV2(text: string): string {
  const src = inlineToV2(fencedCallouts(text.replace(/\r\n?/g, '\n')));
  return blocksV2(groupContainers(toTree(src.split('\n'))));
}
