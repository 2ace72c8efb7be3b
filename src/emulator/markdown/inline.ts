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
  return items.map(renderItem).join('');
}

function renderItem(item: RichText): string {
  const a = item.annotations;
  let core: string;
  if (item.type === 'equation') core = `$${item.equation?.expression ?? ''}$`;
  else if (item.type === 'mention') core = renderMention(item.mention ?? {}, item.plain_text);
  else {
    const content = item.text?.content ?? '';
    if (content === '') return '';
    if (a.code) core = `\`${content.replace(/`/g, '\\`')}\``;
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

/** Finds the closing delimiter, skipping escaped characters. */
function findClose(src: string, from: number, delim: string): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
      continue;
    }
    if (src.startsWith(delim, i)) {
      // `*` must not be the start of `**` when looking for a single `*`.
      if (delim === '*' && src[i + 1] === '*') {
        const end = findClose(src, i + 2, '**');
        if (end < 0) return -1;
        i = end + 1;
        continue;
      }
      return i;
    }
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
      let end = i + 1;
      while (end < src.length && !(src[end] === '`' && src[end - 1] !== '\\')) end++;
      if (end < src.length) {
        flush();
        push(out, src.slice(i + 1, end).replace(/\\`/g, '`'), style, true);
        i = end + 1;
        continue;
      }
    }
    if (rest.startsWith('**')) {
      const end = findClose(src, i + 2, '**');
      if (end > i + 2) {
        flush();
        parseRun(src.slice(i + 2, end), { ...style, bold: true }, out);
        i = end + 2;
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
    if (c === '*' || c === '_') {
      const end = findClose(src, i + 1, c);
      if (end > i + 1 && (c === '*' || !/\w/.test(src[i - 1] ?? ''))) {
        flush();
        parseRun(src.slice(i + 1, end), { ...style, italic: true }, out);
        i = end + 1;
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
