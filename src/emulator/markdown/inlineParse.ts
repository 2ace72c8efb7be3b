// Inline Notion markdown → rich text, for both dialects. v1 (enhanced markdown):
// `<span underline color>`, `<mention-page …/>`, `<br>`. v2 (Notion-flavored,
// CommonMark + GFM based): `_`/`__` emphasis too, `<b> <i> <s> <u>`,
// `<span color>`, `<mention url>Label</mention>`, `<date …/>`, soft breaks as
// spaces, a trailing `\` as a hard break; other HTML stays literal (a warning).
// Written for the emulator alone: it must not share logic with the engine.
import { defaultAnnotations, MAX_TEXT_CONTENT, type Annotations, type RichText } from '../richText';
import { apiColor, merge } from './inline';

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  color: string;
  link: string | null;
}

const PLAIN: Style = { bold: false, italic: false, strikethrough: false, underline: false, color: 'default', link: null };

export interface InlineOptions {
  v2?: boolean;
  /** Collects what the v2 parser kept as literal text or changed. */
  warnings?: string[];
}

/** Parses inline Notion markdown (one block's text) into rich text items. */
export function parseInline(src: string, opts: InlineOptions = {}): RichText[] {
  const out: RichText[] = [];
  new InlineParser(opts, out).run(src, PLAIN);
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

function starRun(src: string, i: number, c = '*'): number {
  let n = 0;
  while (src[i + n] === c) n++;
  return n;
}

/**
 * Finds where an emphasis opened with `n` stars (1, 2 or 3) closes; returns the index
 * of the closing stars. A closer must follow non-space text (right-flanking); a star
 * run after a space opens nested emphasis, which is skipped.
 */
function findStarClose(src: string, from: number, n: number, star = '*'): number {
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
    if (c !== star) continue;
    const len = starRun(src, i, star);
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

/** Tags of the v2 dialect that style text, and what each sets. */
const V2_STYLE_TAGS: Record<string, (s: Style, attrs: Record<string, string>) => Style> = {
  b: (s) => ({ ...s, bold: true }),
  strong: (s) => ({ ...s, bold: true }),
  i: (s) => ({ ...s, italic: true }),
  em: (s) => ({ ...s, italic: true }),
  s: (s) => ({ ...s, strikethrough: true }),
  u: (s) => ({ ...s, underline: true }),
  span: (s, a) => ({ ...s, color: a.color ? apiColor(a.color) : s.color }),
};

class InlineParser {
  private buf = '';
  private style: Style = PLAIN;

  constructor(
    private readonly opts: InlineOptions,
    private readonly out: RichText[],
  ) {}

  private flush(): void {
    push(this.out, this.buf, this.style);
    this.buf = '';
  }

  /** Parses `src` with `style`, appending to the output. */
  run(src: string, style: Style): void {
    const saved = [this.buf, this.style] as const;
    this.buf = '';
    this.style = style;
    for (let i = 0; i < src.length; ) i = this.step(src, i);
    this.flush();
    [this.buf, this.style] = saved;
  }

  /** Consumes one construct at `i`; returns the next index. */
  private step(src: string, i: number): number {
    const c = src[i];
    const rest = src.slice(i);
    if (c === '\\' && i + 1 < src.length) {
      this.buf += src[i + 1];
      return i + 2;
    }
    if (c === '\n' && this.opts.v2) {
      // A soft break reads as a space; two trailing spaces make a hard break.
      const hard = / {2,}$/.test(this.buf);
      this.buf = this.buf.replace(/ +$/, '') + (hard ? '\n' : ' ');
      return i + 1;
    }
    const br = /^<br\s*\/?>/.exec(rest);
    if (br) {
      this.buf += '\n';
      return i + br[0].length;
    }
    if (c === '`') return this.codeSpan(src, i);
    const emphasis = this.emphasis(src, i);
    if (emphasis > i) return emphasis;
    if (c === '$') return this.equation(src, i);
    if (c === '[') return this.link(src, i);
    if (c === '<') return this.tag(src, i);
    this.buf += c;
    return i + 1;
  }

  private codeSpan(src: string, i: number): number {
    const run = /^`+/.exec(src.slice(i))![0].length;
    const close = findFence(src, i + run, run);
    if (close < 0) {
      this.buf += '`'.repeat(run);
      return i + run;
    }
    this.flush();
    let content = src.slice(i + run, close);
    if (this.opts.v2) content = content.replace(/\n/g, ' ');
    if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
    push(this.out, content, this.style, true);
    return close + run;
  }

  /** `*…*`, `**…**`, `***…***`, `~~…~~`, and in v2 `_…_`/`__…__` (not inside words). */
  private emphasis(src: string, i: number): number {
    const c = src[i];
    // An underscore run inside a word (`0__a`) opens nothing, and none of its underscores may open either.
    if (c === '_' && this.opts.v2 && /[\p{L}\p{N}]/u.test(src[i - 1] ?? '')) {
      const run = starRun(src, i, c);
      this.buf += c.repeat(run);
      return i + run;
    }
    if (c === '*' || (c === '_' && this.opts.v2)) {
      const run = Math.min(3, starRun(src, i, c));
      const end = findStarClose(src, i + run, run, c);
      if (end > i + run && (c === '*' || !/[\p{L}\p{N}]/u.test(src[end + run] ?? ''))) {
        this.flush();
        this.run(src.slice(i + run, end), { ...this.style, bold: this.style.bold || run >= 2, italic: this.style.italic || run !== 2 });
        return end + run;
      }
    }
    if (src.startsWith('~~', i)) {
      const end = findClose(src, i + 2, '~~');
      if (end > i + 2) {
        this.flush();
        this.run(src.slice(i + 2, end), { ...this.style, strikethrough: true });
        return end + 2;
      }
    }
    return i;
  }

  private equation(src: string, i: number): number {
    const end = findClose(src, i + 1, '$');
    if (end <= i + 1) {
      this.buf += '$';
      return i + 1;
    }
    this.flush();
    const expression = src.slice(i + 1, end);
    const s = this.style;
    this.out.push({ type: 'equation', equation: { expression }, annotations: { ...defaultAnnotations(), bold: s.bold, italic: s.italic, color: s.color }, plain_text: expression, href: null });
    return end + 1;
  }

  private link(src: string, i: number): number {
    const close = findClose(src, i + 1, ']');
    const paren = close > i && src[close + 1] === '(' ? src.indexOf(')', close + 2) : -1;
    if (paren < 0) {
      this.buf += '[';
      return i + 1;
    }
    this.flush();
    const url = src.slice(close + 2, paren).trim().replace(/^<(.*)>$/, '$1');
    this.run(src.slice(i + 1, close), { ...this.style, link: url });
    return paren + 1;
  }

  private tag(src: string, i: number): number {
    const rest = src.slice(i);
    const found = this.opts.v2 ? this.tagV2(src, i, rest) : this.tagV1(src, i, rest);
    if (found > i) return found;
    this.buf += '<';
    return i + 1;
  }

  private tagV1(src: string, i: number, rest: string): number {
    const span = /^<span((?:\s+[a-z-]+="[^"]*")*)\s*>/.exec(rest);
    const end = span ? matchingTagEnd(src, i + span[0].length, 'span') : -1;
    if (span && end >= 0) {
      this.flush();
      const attrs = parseAttrs(span[1]);
      this.run(src.slice(i + span[0].length, end), { ...this.style, underline: this.style.underline || attrs.underline === 'true', color: attrs.color ? apiColor(attrs.color) : this.style.color });
      return end + '</span>'.length;
    }
    const mention = /^<mention-(page|database|user|date)((?:\s+[a-z-]+="[^"]*")*)\s*(\/?)>/.exec(rest);
    if (!mention) return i;
    // Page and database mentions come as `<mention-page url>Title</mention-page>`; the title is Notion's, not ours.
    const close = mention[3] ? -1 : src.indexOf(`</mention-${mention[1]}>`, i + mention[0].length);
    if (!mention[3] && close < 0) return i;
    this.flush();
    const item = mentionItem(mention[1], parseAttrs(mention[2]), this.style);
    const label = close < 0 ? '' : src.slice(i + mention[0].length, close).replace(/\\(.)/g, '$1');
    this.out.push(label ? { ...item, plain_text: label } : item);
    return close < 0 ? i + mention[0].length : close + `</mention-${mention[1]}>`.length;
  }

  private tagV2(src: string, i: number, rest: string): number {
    const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(rest);
    if (auto) {
      this.flush();
      push(this.out, auto[1], { ...this.style, link: auto[1] });
      return i + auto[0].length;
    }
    const selfClosing = /^<(mention|date)((?:\s+[a-z-]+="[^"]*")*)\s*\/>/.exec(rest);
    if (selfClosing) {
      this.flush();
      this.out.push(v2MentionItem(selfClosing[1], parseAttrs(selfClosing[2]), this.style));
      return i + selfClosing[0].length;
    }
    const open = /^<([a-z]+)((?:\s+[a-z-]+="[^"]*")*)\s*>/.exec(rest);
    const end = open ? matchingTagEnd(src, i + open[0].length, open[1]) : -1;
    if (!open || end < 0 || !(open[1] in V2_STYLE_TAGS || open[1] === 'mention')) {
      const literal = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/.exec(rest);
      const warning = literal && `<${literal[1]}> is not a Notion tag; it was kept as literal text.`;
      if (warning && !this.opts.warnings?.includes(warning)) this.opts.warnings?.push(warning);
      return i;
    }
    this.flush();
    const attrs = parseAttrs(open[2]);
    const inner = src.slice(i + open[0].length, end);
    if (open[1] === 'mention') this.out.push({ ...v2MentionItem('mention', attrs, this.style), ...(inner ? { plain_text: inner.replace(/\\(.)/g, '$1') } : {}) });
    else this.run(inner, V2_STYLE_TAGS[open[1]](this.style, attrs));
    return end + open[1].length + 3;
  }
}

/** Where the `</name>` closing the tag opened just before `from` starts (nesting counted), or -1. */
function matchingTagEnd(src: string, from: number, name: string): number {
  let depth = 1;
  const open = new RegExp(`^<${name}(\\s|>)`);
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
    if (src[i] !== '<') continue;
    if (open.test(src.slice(i, i + name.length + 2))) depth++;
    else if (src.startsWith(`</${name}>`, i) && --depth === 0) return i;
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
  // A page URL may carry a query (`?pvs=4`) or a block anchor (`#<block id>`): the page is the path's last id.
  const raw = kind === 'user' ? url.replace(/^user:\/\//, '') : (url.split(/[?#]/)[0] ?? '').replace(/^.*\//, '').replace(/^.*-/, '');
  const hex = raw.replace(/-/g, '');
  const id = hex.length === 32 ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : raw;
  if (kind === 'user') return { type: 'mention', mention: { type: 'user', user: { object: 'user', id } }, annotations, plain_text: '@Anonymous', href: null };
  return { type: 'mention', mention: { type: kind, [kind]: { id } }, annotations, plain_text: 'Untitled', href: `https://www.notion.so/${hex}` };
}

/** v2 mentions: the URL scheme picks the entity (`user://`, `collection://`, a page URL; `type="database"`). */
function v2MentionItem(tag: string, attrs: Record<string, string>, style: Style): RichText {
  if (tag === 'date') return mentionItem('date', attrs, style);
  const url = attrs.url ?? '';
  if (url.startsWith('user://')) return mentionItem('user', attrs, style);
  return mentionItem(attrs.type === 'database' ? 'database' : 'page', attrs, style);
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
