// Notion's XML-like tags (`<callout icon="💡">`, `<page url=…>Title</page>`,
// `<mention … />`): reading one at a given offset, and writing one back.

export interface TagToken {
  name: string;
  attrs: Record<string, string>;
  /** `<x … />` */
  selfClosing: boolean;
  /** `</x>` */
  closing: boolean;
  /** Length of the tag text. */
  length: number;
}

const OPEN = /^<(\/?)([a-z][a-z0-9_-]*)((?:\s+[a-z_:][a-z0-9_:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>/i;
const ATTR = /([a-z_:][a-z0-9_:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/gi;

export function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function encodeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const a of text.matchAll(ATTR)) if (a[1]) attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? 'true');
  return attrs;
}

/** The tag that starts `text` at `at`, or null. */
export function readTag(text: string, at = 0): TagToken | null {
  const m = OPEN.exec(at === 0 ? text : text.slice(at));
  if (!m) return null;
  return {
    name: (m[2] ?? '').toLowerCase(),
    attrs: parseAttrs(m[3] ?? ''),
    selfClosing: m[4] === '/',
    closing: m[1] === '/',
    length: m[0].length,
  };
}

/** ` a="1" b="2"` in the given order, empty values left out. */
export function formatAttrs(attrs: Record<string, string | undefined>): string {
  return Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => ` ${k}="${encodeAttr(v)}"`)
    .join('');
}

export function openTag(name: string, attrs: Record<string, string | undefined> = {}): string {
  return `<${name}${formatAttrs(attrs)}>`;
}

export function selfClosingTag(name: string, attrs: Record<string, string | undefined> = {}): string {
  return `<${name}${formatAttrs(attrs)} />`;
}

/**
 * Index just past the `</name>` that closes the `<name>` opened before `from`,
 * counting nested tags of the same name; -1 when it never closes.
 */
export function findClose(text: string, name: string, from: number): { start: number; end: number } | -1 {
  const re = new RegExp(`<(/?)${name}(?=[\\s>/])[^>]*?(/?)>`, 'g');
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text[m.index - 1] === '\\') continue; // `\<p>` is text
    if (m[1] === '/') depth--;
    else if (m[2] !== '/') depth++;
    if (depth === 0) return { start: m.index, end: m.index + m[0].length };
  }
  return -1;
}
