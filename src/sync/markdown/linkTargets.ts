// Where each link of a markdown body points, as offsets into the text, so a
// link's destination can be changed without re-rendering the rest: when a page
// moves, the files linking to it get new link targets and every other byte
// (the user's spacing, list markers, edits not yet pushed) stays as it was.
import type { Definition, Html, Link, Nodes } from 'mdast';
import { parseMarkdown } from './syntax';

export interface LinkTarget {
  /** The destination as written (percent-escapes kept, angle brackets removed). */
  url: string;
  /** Offsets of the destination in the body (angle brackets included when it had them). */
  start: number;
  end: number;
}

/** The destination's extent in `text` from `at` (just after `(`, or after `]:`), or null. */
function destinationAt(text: string, at: number): { start: number; end: number } | null {
  let i = at;
  while (i < text.length && /[ \t\n]/.test(text[i]!)) i++;
  const start = i;
  if (text[i] === '<') {
    const close = text.indexOf('>', i);
    return close < 0 ? null : { start, end: close + 1 };
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
    else if (/\s/.test(c)) break;
  }
  return i > start ? { start, end: i } : null;
}

function inlineLink(text: string, node: Link): { start: number; end: number } | null {
  const from = node.position?.start.offset;
  const to = node.position?.end.offset;
  if (from === undefined || to === undefined || text[from] !== '[' || text[to - 1] !== ')') return null;
  // The label ends where the last child does (an empty label is `[]`).
  const last = node.children[node.children.length - 1]?.position?.end.offset ?? from + 1;
  const open = text.indexOf('](', last);
  if (open < 0 || open >= to) return null;
  return destinationAt(text, open + 2);
}

function definition(text: string, node: Definition): { start: number; end: number } | null {
  const from = node.position?.start.offset;
  if (from === undefined) return null;
  const label = /^\[(?:\\.|[^\\\]])*\]:/.exec(text.slice(from));
  return label ? destinationAt(text, from + label[0].length) : null;
}

/**
 * Links in a toggle's title: the file writes it as HTML (`<summary>…</summary>`),
 * which markdown does not parse, so its text is read as markdown on its own and
 * the offsets are carried back. Only where the node's text is the body's bytes
 * (not inside a list item or quote, whose prefixes the parser removed).
 */
function summaryLinks(body: string, node: Html): LinkTarget[] {
  const from = node.position?.start.offset;
  if (from === undefined || body.slice(from, from + node.value.length) !== node.value) return [];
  const out: LinkTarget[] = [];
  for (const title of node.value.matchAll(/(<details\b[^>]*>\s*<summary>)([\s\S]*?)<\/summary>/g)) {
    const at = from + title.index + title[1]!.length;
    out.push(...linkTargets(title[2] ?? '').map((t) => ({ url: t.url, start: at + t.start, end: at + t.end })));
  }
  return out;
}

/** Inline links and link definitions of `body`, toggle titles included (autolinks and images aside: they hold no relative page link). */
export function linkTargets(body: string): LinkTarget[] {
  const out: LinkTarget[] = [];
  const walk = (node: Nodes) => {
    const at = node.type === 'link' ? inlineLink(body, node) : node.type === 'definition' ? definition(body, node) : null;
    if (at) out.push({ url: unwrap(body.slice(at.start, at.end)), ...at });
    if (node.type === 'html') out.push(...summaryLinks(body, node));
    if ('children' in node) for (const c of node.children) walk(c);
  };
  walk(parseMarkdown(body));
  return out.sort((a, b) => a.start - b.start);
}

/** `<a b.md>` is written with angle brackets; the URL is what is inside. */
function unwrap(raw: string): string {
  return raw.startsWith('<') ? raw.slice(1, -1) : raw;
}

/**
 * `body` with each link destination for which `retarget` returns a new URL
 * replaced by it (written as is: callers give URLs without spaces or
 * parentheses); everything else byte for byte.
 */
export function retargetLinks(body: string, retarget: (url: string) => string | null): string {
  let out = '';
  let at = 0;
  for (const t of linkTargets(body)) {
    const next = retarget(t.url);
    if (next === null || next === t.url) continue;
    out += body.slice(at, t.start) + next;
    at = t.end;
  }
  return at === 0 ? body : out + body.slice(at);
}
