// Notion enhanced markdown → block trees, for POST /v1/pages {markdown} and
// PATCH /v1/pages/:id/markdown. Tab indentation nests children.
import { normalizeId } from '../ids';
import type { Json } from '../json';
import type { BlockInput } from '../model';
import { parseRichText, text as textItem, type RichText } from '../richText';
import { apiColor } from './inline';
import { parseAttrs, parseInline } from './inlineParse';

/** A BlockInput of this type keeps an existing block or child page by id. */
import { KEEP_TYPE as KEEP } from '../workspace';
export { KEEP };

export interface ParsedItem {
  input: BlockInput;
  /** The markdown this top-level item came from (for matching unchanged blocks). */
  source: string;
}

const TRAILING_ATTRS = /(^|[^\\])\s*\{((?:\s*[a-z-]+="[^"]*")+)\s*\}\s*$/;

function tabs(line: string): number {
  let n = 0;
  while (line[n] === '\t') n++;
  return n;
}

export function idFromUrl(url: string, fragment: boolean): string | undefined {
  const part = fragment ? url.split('#')[1] ?? '' : url.split('#')[0].split('?')[0];
  const m = /([0-9a-f]{32}|[0-9a-f-]{36})$/i.exec(part);
  return m ? normalizeId(m[1]) : undefined;
}

class Parser {
  i = 0;
  constructor(private readonly lines: string[]) {}

  /** Parses items at `depth` until a line indented less, or a closing tag line at depth. */
  level(depth: number, closing?: RegExp): ParsedItem[] {
    const items: ParsedItem[] = [];
    while (this.i < this.lines.length) {
      const raw = this.lines[this.i];
      if (raw.trim() === '') {
        this.i++;
        continue;
      }
      if (tabs(raw) < depth) break;
      if (closing && closing.test(raw.slice(depth).trim())) break;
      const start = this.i;
      const input = this.block(depth);
      let end = this.i;
      while (end > start && this.lines[end - 1].trim() === '') end--;
      if (input) items.push({ input, source: this.lines.slice(start, end).join('\n') });
    }
    return items;
  }

  private children(depth: number): BlockInput[] {
    return this.level(depth + 1).map((p) => p.input);
  }

  private untilClose(depth: number, close: RegExp): BlockInput[] {
    const kids = this.level(depth + 1, close).map((p) => p.input);
    if (this.i < this.lines.length && close.test(this.lines[this.i].trim())) this.i++;
    return kids;
  }

  private block(depth: number): BlockInput | undefined {
    const line = this.lines[this.i].slice(depth);
    const t = line.trim();
    this.i++;

    const fence = /^(`{3,})(.*)$/.exec(t);
    if (fence) {
      const body: string[] = [];
      while (this.i < this.lines.length && this.lines[this.i].slice(Math.min(depth, tabs(this.lines[this.i]))).trim() !== fence[1]) {
        body.push(stripTabs(this.lines[this.i], depth));
        this.i++;
      }
      this.i++;
      const content = body.join('\n');
      return { type: 'code', payload: { caption: [], rich_text: chunkPlain(content), language: fence[2].trim() || 'plain text' }, children: [] };
    }
    if (t === '$$') {
      const body: string[] = [];
      while (this.i < this.lines.length && this.lines[this.i].trim() !== '$$') body.push(stripTabs(this.lines[this.i++], depth));
      this.i++;
      return { type: 'equation', payload: { expression: body.join('\n') }, children: [] };
    }
    const eqLine = /^\$\$(.+)\$\$$/.exec(t);
    if (eqLine) return { type: 'equation', payload: { expression: eqLine[1] }, children: [] };

    const details = /^<details((?:\s+[a-z-]+="[^"]*")*)\s*>$/.exec(t);
    if (details) {
      const attrs = parseAttrs(details[1]);
      let title: RichText[] = [];
      const summary = this.i < this.lines.length ? /^<summary>(.*)<\/summary>$/.exec(this.lines[this.i].trim()) : null;
      if (summary) {
        title = parseInline(summary[1]);
        this.i++;
      }
      const children = this.untilClose(depth, /^<\/details>$/);
      return { type: 'toggle', payload: { rich_text: title, color: attrs.color ? apiColor(attrs.color) : 'default' }, children };
    }
    const callout = /^<callout((?:\s+[a-z-]+="[^"]*")*)\s*>$/.exec(t);
    if (callout) return this.callout(parseAttrs(callout[1]), this.untilClose(depth, /^<\/callout>$/));
    const fenced = /^:::+\s*callout\s*(?:\{(.*)\})?\s*$/.exec(t);
    if (fenced) {
      const inner: string[] = [];
      while (this.i < this.lines.length && !/^:::+\s*$/.test(this.lines[this.i].trim())) inner.push(stripTabs(this.lines[this.i++], depth));
      this.i++;
      return this.callout(parseAttrs(fenced[1] ?? ''), new Parser(inner).level(0).map((p) => p.input));
    }
    if (/^<table(\s[^>]*)?>$/.test(t)) return this.table(t);
    const synced = /^<(synced_block|synced_block_reference)\s+url="([^"]*)"[^>]*>$/.exec(t);
    if (synced) {
      // Synced content is edited in its original, never through this page's markdown: keep the block.
      this.untilClose(depth, new RegExp(`^</${synced[1]}>$`));
      const id = idFromUrl(synced[2], true);
      return id ? { type: KEEP, payload: { id }, children: [] } : undefined;
    }
    if (t === '<synced_block>') return { type: 'synced_block', payload: { synced_from: null }, children: this.untilClose(depth, /^<\/synced_block>$/) };
    if (t === '<columns>') return { type: 'column_list', payload: {}, children: this.untilClose(depth, /^<\/columns>$/) };
    if (t === '<column>') return { type: 'column', payload: {}, children: this.untilClose(depth, /^<\/column>$/) };

    const ref = /^<(page|database)\s+url="([^"]*)"[^>]*>.*<\/(?:page|database)>$/.exec(t);
    if (ref) {
      const id = idFromUrl(ref[2], false);
      return id ? { type: KEEP, payload: { id }, children: [] } : undefined;
    }
    const unknown = /^<unknown\s+url="([^"]*)"[^>]*\/>$/.exec(t);
    if (unknown) {
      const id = idFromUrl(unknown[1], true);
      return id ? { type: KEEP, payload: { id }, children: [] } : undefined;
    }
    if (t === '<empty-block/>') return { type: 'paragraph', payload: { rich_text: [], color: 'default' }, children: this.children(depth) };
    const toc = /^<table_of_contents((?:\s+[a-z-]+="[^"]*")*)\s*\/>$/.exec(t);
    if (toc) return { type: 'table_of_contents', payload: { color: apiColor(parseAttrs(toc[1]).color ?? 'default') }, children: [] };
    if (/^(-{3,}|\*{3,}|_{3,})$/.test(t)) return { type: 'divider', payload: {}, children: [] };
    const image = /^!\[(.*)\]\((\S+?)\)$/.exec(t);
    if (image) return { type: 'image', payload: { caption: parseInline(image[1]), type: 'external', external: { url: image[2] } }, children: [] };
    const media = /^<(video|audio|file|pdf)\s+src="([^"]*)"[^>]*>(.*)<\/\1>$/.exec(t);
    if (media) return { type: media[1], payload: { caption: parseInline(media[3]), type: 'external', external: { url: media[2] } }, children: [] };

    // Line blocks, with an optional trailing `{color="…" toggle="true"}`. A line's trailing
    // spaces are its text's, as Notion keeps them (and renders them back).
    let body = line.trimStart();
    let attrs: Record<string, string> = {};
    const am = TRAILING_ATTRS.exec(body);
    if (am) {
      attrs = parseAttrs(am[2]);
      body = body.slice(0, am.index + am[1].length).trimEnd();
    }
    const color = attrs.color ? apiColor(attrs.color) : 'default';
    const heading = /^(#{1,6})(?:\s+(.*))?$/.exec(body);
    if (heading) {
      const level = Math.min(heading[1].length, 4);
      const toggleable = attrs.toggle === 'true';
      return { type: `heading_${level}`, payload: { rich_text: parseInline(heading[2] ?? ''), color, is_toggleable: toggleable }, children: toggleable ? this.children(depth) : [] };
    }
    const todo = /^[-*+]\s+\[([ xX])\]\s?(.*)$/.exec(body);
    if (todo) return { type: 'to_do', payload: { rich_text: parseInline(todo[2]), color, checked: todo[1] !== ' ' }, children: this.children(depth) };
    const bullet = /^[-*+](?:\s+(.*))?$/.exec(body);
    if (bullet) return { type: 'bulleted_list_item', payload: { rich_text: parseInline(bullet[1] ?? ''), color }, children: this.children(depth) };
    const numbered = /^\d+[.)](?:\s+(.*))?$/.exec(body);
    if (numbered) return { type: 'numbered_list_item', payload: { rich_text: parseInline(numbered[1] ?? ''), color }, children: this.children(depth) };
    const quote = /^>\s?(.*)$/.exec(body);
    if (quote) return { type: 'quote', payload: { rich_text: parseInline(quote[1]), color }, children: this.children(depth) };
    return { type: 'paragraph', payload: { rich_text: parseInline(body), color }, children: this.children(depth) };
  }

  private callout(attrs: Record<string, string>, inner: BlockInput[]): BlockInput {
    let richText: RichText[] = [];
    if (inner[0]?.type === 'paragraph' && !inner[0].children.length) richText = (inner.shift()!.payload.rich_text as RichText[]) ?? [];
    const icon: Json = attrs.icon ? { type: 'emoji', emoji: attrs.icon } : { type: 'emoji', emoji: '💡' };
    return { type: 'callout', payload: { rich_text: richText, icon, color: attrs.color ? apiColor(attrs.color) : 'default' }, children: inner };
  }

  private table(openLine: string): BlockInput {
    const attrs = parseAttrs(openLine);
    const collected: string[] = [];
    while (this.i < this.lines.length && this.lines[this.i].trim() !== '</table>') collected.push(this.lines[this.i++].trim());
    this.i++;
    const html = collected.join('');
    const rows: RichText[][][] = [];
    for (const tr of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
      rows.push([...tr[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((td) => parseInline(td[1])));
    }
    const width = Math.max(1, ...rows.map((r) => r.length));
    const children = rows.map((cells) => {
      while (cells.length < width) cells.push([]);
      return { type: 'table_row', payload: { cells }, children: [] };
    });
    return { type: 'table', payload: { table_width: width, has_column_header: attrs['header-row'] === 'true', has_row_header: attrs['header-column'] === 'true' }, children };
  }
}

function stripTabs(line: string, depth: number): string {
  return line.slice(Math.min(depth, tabs(line)));
}

/** Code content as ≤ 2000-character text items. */
function chunkPlain(content: string): RichText[] {
  const out: RichText[] = [];
  for (let i = 0; i < content.length; i += 2000) out.push(textItem(content.slice(i, i + 2000)));
  return out;
}

/** Parses a whole markdown document into top-level items. */
export function parseMarkdown(markdown: string): ParsedItem[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  return new Parser(lines).level(0);
}

/** Re-validates parsed rich text (length limits) the same way block requests are. */
export function validateParsed(items: BlockInput[]): void {
  for (const b of items) {
    if (Array.isArray(b.payload.rich_text)) parseRichText(b.payload.rich_text, `markdown ${b.type}`);
    validateParsed(b.children);
  }
}
