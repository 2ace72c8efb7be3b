// Rich text ⇄ Notion enhanced-markdown inline syntax. Written for the emulator
// alone: it must not share logic with the engine's converter.
import type { Json } from '../json';
import { MAX_TEXT_CONTENT, defaultAnnotations, type Annotations, type RichText } from '../richText';

const ESCAPED = /[\\*~`$[\]<>{}|^]/g;

export function escapeText(s: string): string {
  return s.replace(ESCAPED, (c) => `\\${c}`);
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** Renders rich text items to one line of enhanced markdown. */
export function renderInline(items: RichText[]): string {
  // Adjacent items with one style render as one run, so markers never touch ambiguously.
  return merge(items.map((i) => ({ ...i, text: i.text ? { ...i.text } : undefined }))).map(renderItem).join('');
}

function renderItem(item: RichText): string {
  const a = item.annotations;
  let core: string;
  if (item.type === 'equation') core = `$${item.equation?.expression ?? ''}$`;
  else if (item.type === 'mention') core = renderMention(item.mention ?? {}, item.plain_text);
  else {
    const content = item.text?.content ?? '';
    if (content === '') return '';
    if (a.code) core = codeSpan(content);
    else core = escapeText(content).replace(/\n/g, '<br>');
  }
  // Markers hug the text; surrounding spaces stay outside them.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(core)!;
  let [, lead, body, trail] = m;
  if (!body) return core;
  if (item.type === 'text' && item.text?.link) body = `[${body}](${item.text.link.url})`;
  if (a.bold) body = `**${body}**`;
  if (a.italic) body = `*${body}*`;
  if (a.strikethrough) body = `~~${body}~~`;
  const spanAttrs = [a.underline ? 'underline="true"' : '', a.color !== 'default' ? `color="${colorName(a.color)}"` : ''].filter(Boolean);
  if (spanAttrs.length) body = `<span ${spanAttrs.join(' ')}>${body}</span>`;
  if (item.type === 'text' && item.text?.content.includes('\n')) {
    lead = lead.replace(/\n/g, '<br>');
    trail = trail.replace(/\n/g, '<br>');
  }
  return `${lead}${body}${trail}`;
}

/** CommonMark code span: a backtick fence longer than any run inside, padded when needed. */
function codeSpan(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function renderMention(m: Json, plain: string): string {
  const type = String(m.type ?? '');
  const inner = (m[type] ?? {}) as Json;
  if (type === 'page' || type === 'database') return `<mention-${type} url="https://www.notion.so/${String(inner.id ?? '').replace(/-/g, '')}"/>`;
  if (type === 'user') return `<mention-user url="user://${String(inner.id ?? '')}"/>`;
  if (type === 'date') return `<mention-date start="${attr(String(inner.start ?? ''))}"${inner.end ? ` end="${attr(String(inner.end))}"` : ''}/>`;
  return escapeText(plain);
}

/** Notion's markdown writes background colours as `x_bg`; the API says `x_background`. */
export function colorName(apiColor: string): string {
  return apiColor.endsWith('_background') ? apiColor.replace(/_background$/, '_bg') : apiColor;
}

export function apiColor(mdColor: string): string {
  return mdColor.endsWith('_bg') ? mdColor.replace(/_bg$/, '_background') : mdColor;
}

// ---- parsing

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  color: string;
  link: string | null;
}

const PLAIN: Style = { bold: false, italic: false, strikethrough: false, underline: false, color: 'default', link: null };

/** Parses one line of inline enhanced markdown into rich text items. */
export function parseInline(src: string): RichText[] {
  const out: RichText[] = [];
  parseRun(src, PLAIN, out);
  return split(merge(out));
}

function push(out: RichText[], content: string, style: Style, code = false): void {
  if (!content) return;
  const annotations: Annotations = { ...defaultAnnotations(), bold: style.bold, italic: style.italic, strikethrough: style.strikethrough, underline: style.underline, code, color: style.color };
  out.push({ type: 'text', text: { content, link: style.link ? { url: style.link } : null }, annotations, plain_text: content, href: style.link });
}

/** Finds the closing delimiter, skipping escaped characters and code spans. */
function findClose(src: string, from: number, delim: string): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
      continue;
    }
    if (src.startsWith(delim, i)) return i;
    if (src[i] === '`') {
      const run = /^`+/.exec(src.slice(i))![0].length;
      const close = findFence(src, i + run, run);
      i = close >= 0 ? close + run - 1 : i + run - 1;
    }
  }
  return -1;
}

/** The next backtick run of exactly `n` characters. */
function findFence(src: string, from: number, n: number): number {
  for (let i = from; i < src.length; ) {
    if (src[i] !== '`') {
      i++;
      continue;
    }
    let len = 0;
    while (src[i + len] === '`') len++;
    if (len === n) return i;
    i += len;
  }
  return -1;
}

function starRun(src: string, i: number): number {
  let n = 0;
  while (src[i + n] === '*') n++;
  return n;
}

/**
 * Finds where an emphasis opened with `n` stars (1, 2 or 3) closes; returns the index
 * of the closing stars. A closer must follow non-space text (right-flanking); a star
 * run after a space opens nested emphasis, which is skipped.
 */
function findStarClose(src: string, from: number, n: number): number {
  let nested = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(src.slice(i))![0].length;
      const close = findFence(src, i + run, run);
      i = close >= 0 ? close + run - 1 : i + run - 1;
      continue;
    }
    if (c !== '*') continue;
    const len = starRun(src, i);
    const rightFlanking = i > from && !/\s/.test(src[i - 1]);
    if (!rightFlanking) {
      if (/\S/.test(src[i + len] ?? '')) nested++;
      i += len - 1;
      continue;
    }
    if (nested > 0) {
      // Closes the nested emphasis first, with whatever stars are left for us.
      nested--;
      if (len > 2 && n === 1) return i + len - 1;
      i += len - 1;
      continue;
    }
    if (len >= n) return i;
    i += len - 1;
  }
  return -1;
}

function parseRun(src: string, style: Style, out: RichText[]): void {
  let buf = '';
  const flush = () => {
    push(out, buf, style);
    buf = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const rest = src.slice(i);
    if (c === '\\' && i + 1 < src.length) {
      buf += src[i + 1];
      i += 2;
      continue;
    }
    if (rest.startsWith('<br>') || rest.startsWith('<br/>')) {
      buf += '\n';
      i += rest.startsWith('<br>') ? 4 : 5;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)![0].length;
      const close = findFence(src, i + run, run);
      if (close >= 0) {
        flush();
        let content = src.slice(i + run, close);
        if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
        push(out, content, style, true);
        i = close + run;
        continue;
      }
      buf += '`'.repeat(run);
      i += run;
      continue;
    }
    if (c === '*') {
      const run = Math.min(3, starRun(src, i));
      const end = findStarClose(src, i + run, run);
      if (end > i + run) {
        flush();
        parseRun(src.slice(i + run, end), { ...style, bold: style.bold || run >= 2, italic: style.italic || run !== 2 }, out);
        i = end + run;
        continue;
      }
    }
    if (rest.startsWith('~~')) {
      const end = findClose(src, i + 2, '~~');
      if (end > i + 2) {
        flush();
        parseRun(src.slice(i + 2, end), { ...style, strikethrough: true }, out);
        i = end + 2;
        continue;
      }
    }
    if (c === '$') {
      const end = findClose(src, i + 1, '$');
      if (end > i + 1) {
        flush();
        const expression = src.slice(i + 1, end);
        out.push({ type: 'equation', equation: { expression }, annotations: { ...defaultAnnotations(), bold: style.bold, italic: style.italic, color: style.color }, plain_text: expression, href: null });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const close = findClose(src, i + 1, ']');
      if (close > i && src[close + 1] === '(') {
        const paren = src.indexOf(')', close + 2);
        if (paren > 0) {
          flush();
          parseRun(src.slice(i + 1, close), { ...style, link: src.slice(close + 2, paren) }, out);
          i = paren + 1;
          continue;
        }
      }
    }
    if (c === '<') {
      const span = /^<span((?:\s+[a-z-]+="[^"]*")*)\s*>/.exec(rest);
      if (span) {
        const end = matchingSpanEnd(src, i + span[0].length);
        if (end >= 0) {
          flush();
          const attrs = parseAttrs(span[1]);
          parseRun(src.slice(i + span[0].length, end), { ...style, underline: style.underline || attrs.underline === 'true', color: attrs.color ? apiColor(attrs.color) : style.color }, out);
          i = end + '</span>'.length;
          continue;
        }
      }
      const mention = /^<mention-(page|database|user|date)((?:\s+[a-z-]+="[^"]*")*)\s*\/>/.exec(rest);
      if (mention) {
        flush();
        out.push(mentionItem(mention[1], parseAttrs(mention[2]), style));
        i += mention[0].length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
}

function matchingSpanEnd(src: string, from: number): number {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
      continue;
    }
    if (src[i] === '`') {
      const run = /^`+/.exec(src.slice(i))![0].length;
      const close = findFence(src, i + run, run);
      i = close >= 0 ? close + run - 1 : i + run - 1;
      continue;
    }
    if (src.startsWith('<span', i)) depth++;
    else if (src.startsWith('</span>', i) && --depth === 0) return i;
  }
  return -1;
}

export function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([a-z-]+)="([^"]*)"/g)) out[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return out;
}

function mentionItem(kind: string, attrs: Record<string, string>, style: Style): RichText {
  const annotations = { ...defaultAnnotations(), bold: style.bold, italic: style.italic, color: style.color };
  if (kind === 'date') {
    return { type: 'mention', mention: { type: 'date', date: { start: attrs.start ?? '', end: attrs.end ?? null, time_zone: null } }, annotations, plain_text: attrs.start ?? '', href: null };
  }
  const url = attrs.url ?? '';
  const raw = kind === 'user' ? url.replace(/^user:\/\//, '') : url.replace(/^.*\//, '').replace(/^.*-/, '');
  const hex = raw.replace(/-/g, '');
  const id = hex.length === 32 ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : raw;
  if (kind === 'user') return { type: 'mention', mention: { type: 'user', user: { object: 'user', id } }, annotations, plain_text: '@Anonymous', href: null };
  return { type: 'mention', mention: { type: kind, [kind]: { id } }, annotations, plain_text: 'Untitled', href: `https://www.notion.so/${hex}` };
}

function sameStyle(a: RichText, b: RichText): boolean {
  return a.type === 'text' && b.type === 'text' && JSON.stringify(a.annotations) === JSON.stringify(b.annotations) && a.href === b.href;
}

function merge(items: RichText[]): RichText[] {
  const out: RichText[] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (last && sameStyle(last, it) && last.text && it.text) {
      last.text.content += it.text.content;
      last.plain_text += it.plain_text;
    } else out.push(it);
  }
  return out;
}

/** Splits text items longer than Notion's 2000-character limit. */
function split(items: RichText[]): RichText[] {
  const out: RichText[] = [];
  for (const it of items) {
    const content = it.text?.content;
    if (!content || content.length <= MAX_TEXT_CONTENT) {
      out.push(it);
      continue;
    }
    for (let i = 0; i < content.length; i += MAX_TEXT_CONTENT) {
      const part = content.slice(i, i + MAX_TEXT_CONTENT);
      out.push({ ...it, text: { content: part, link: it.text!.link }, plain_text: part, annotations: { ...it.annotations } });
    }
  }
  return out;
}
