// Notion-flavored Markdown (v2) → block trees. CommonMark + GFM block rules
// for the constructs Notion stores (a blank line ends a block, a single newline
// does not; pipe tables are tables; setext headings; lazy paragraph lines) plus
// Notion's tags, whose children follow a blank line inside the tag.
//
// Deliberately hand-written, not remark: the engine parses with remark, and an
// emulator sharing the engine's parser would let one parser bug pass both
// sides of a test. What the parser changes or ignores becomes a `warning`.
import type { BlockInput } from '../model';
import type { RichText } from '../richText';
import { apiColor } from './inline';
import { parseAttrs, parseInline } from './inlineParse';
import { parseMarkdown, type ParsedItem } from './parse';
import { block, containerBlock, oneLineBlock, type V2Context } from './parseV2Tags';

export interface ParsedV2 {
  items: ParsedItem[];
  warnings: string[];
}

const CONTAINER_TAGS = ['callout', 'toggle', 'quote', 'p', 'h1', 'h2', 'h3', 'h4', 'columns', 'column', 'synced-block', 'synced-block-reference', 'table', 'ul', 'ol', 'li', 'todo', 'equation'];
const OPEN_LINE = new RegExp(`^<(${CONTAINER_TAGS.join('|')})((?:\\s+[a-z-]+="[^"]*")*)\\s*>$`);
const ONE_LINE = /^<([a-z][a-z0-9-]*)((?:\s+[a-z-]+="[^"]*")*)\s*>(.*)<\/\1>$/;
const SELF_CLOSING = /^<([a-z][a-z0-9-]*)((?:\s+[a-z-]+="[^"]*")*)\s*\/>$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const THEMATIC = /^ {0,3}((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TABLE_DELIM = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

export function parseMarkdownV2(markdown: string): ParsedV2 {
  const parser = new V2Parser(markdown.replace(/\r\n?/g, '\n').split('\n'));
  return { items: parser.blocks(), warnings: parser.warnings };
}

class V2Parser implements V2Context {
  readonly warnings: string[] = [];
  private i = 0;

  constructor(private readonly lines: string[]) {}

  private text(src: string): RichText[] {
    if (/\{color="[^"]*"\}\s*$/.test(src)) this.warn('`{color="…"}` is v1 syntax; v2 keeps it as literal text (use a color attribute on the tag).');
    return parseInline(src, { v2: true, warnings: this.warnings });
  }

  private sub(lines: string[]): ParsedItem[] {
    const p = new V2Parser(lines);
    const items = p.blocks();
    for (const w of p.warnings) this.warn(w);
    return items;
  }

  blocks(): ParsedItem[] {
    const items: ParsedItem[] = [];
    while (this.i < this.lines.length) {
      if (this.lines[this.i].trim() === '') {
        this.i++;
        continue;
      }
      const start = this.i;
      const input = this.block();
      let end = Math.min(this.i, this.lines.length);
      while (end > start && this.lines[end - 1].trim() === '') end--;
      const source = this.lines.slice(start, end).join('\n');
      for (const one of Array.isArray(input) ? input : input ? [input] : []) items.push({ input: one, source });
    }
    return items;
  }

  private block(): BlockInput | BlockInput[] | undefined {
    const line = this.lines[this.i];
    const fence = FENCE.exec(line);
    if (fence) return this.code(fence);
    if (line.trim() === '$$') return this.equation();
    const open = OPEN_LINE.exec(line.trim());
    if (open) return this.container(open[1], parseAttrs(open[2]));
    const one = ONE_LINE.exec(line.trim()) ?? SELF_CLOSING.exec(line.trim());
    if (one) {
      const tagged = this.oneLine(one[1], parseAttrs(one[2]), one[3] ?? '');
      if (tagged !== null) {
        this.i++;
        return tagged;
      }
    }
    if (THEMATIC.test(line)) {
      this.i++;
      return block('divider', {});
    }
    const atx = ATX.exec(line);
    if (atx) {
      this.i++;
      return this.heading(atx[1].length, atx[2] ?? '');
    }
    if (/^ {0,3}>/.test(line)) return this.quote();
    if (LIST_ITEM.exec(line) || /^\t+([-*+]|\d+[.)])[ \t]/.test(line)) return this.listItem();
    if (line.includes('|') && TABLE_DELIM.test(this.lines[this.i + 1] ?? '') && this.lines[this.i + 1].includes('-')) return this.pipeTable();
    if (/^( {4}|\t)/.test(line)) return this.indentedCode();
    return this.paragraph();
  }

  private heading(level: number, content: string): BlockInput {
    if (level > 4) this.warn(`Heading level ${level} does not exist in Notion; it became a level 4 heading.`);
    return block(`heading_${Math.min(level, 4)}`, { rich_text: this.text(content), color: 'default', is_toggleable: false });
  }

  private code(fence: RegExpExecArray): BlockInput {
    const [, indent, marks, info] = fence;
    const body: string[] = [];
    this.i++;
    const closing = new RegExp(`^ {0,3}${marks[0] === '`' ? '`' : '~'}{${marks.length},}\\s*$`);
    while (this.i < this.lines.length && !closing.test(this.lines[this.i])) body.push(this.lines[this.i++].replace(new RegExp(`^ {0,${indent.length}}`), ''));
    this.i++;
    const content = body.join('\n');
    const rich: RichText[] = [];
    for (let k = 0; k < content.length; k += 2000) rich.push(plain(content.slice(k, k + 2000)));
    return block('code', { caption: [], rich_text: rich, language: info.trim().split(/\s+/)[0] || 'plain text' });
  }

  private equation(): BlockInput {
    const body: string[] = [];
    this.i++;
    while (this.i < this.lines.length && this.lines[this.i].trim() !== '$$') body.push(this.lines[this.i++]);
    this.i++;
    return block('equation', { expression: body.join('\n') });
  }

  private indentedCode(): BlockInput {
    const body: string[] = [];
    while (this.i < this.lines.length && (/^( {4}|\t)/.test(this.lines[this.i]) || (this.lines[this.i].trim() === '' && /^( {4}|\t)/.test(this.lines[this.i + 1] ?? '')))) {
      body.push(this.lines[this.i++].replace(/^( {4}|\t)/, ''));
    }
    return block('code', { caption: [], rich_text: [plain(body.join('\n'))], language: 'plain text' });
  }

  /** Paragraph lines run to a blank line or a line that interrupts a paragraph; `===`/`---` under them make a setext heading. */
  private paragraph(): BlockInput {
    const body: string[] = [this.lines[this.i++].replace(/^\s+/, '')];
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.trim() === '') break;
      if (/^ {0,3}=+\s*$/.test(l) || /^ {0,3}-+\s*$/.test(l)) {
        this.i++;
        return this.heading(l.trim()[0] === '=' ? 1 : 2, body.join('\n'));
      }
      if (FENCE.test(l) || ATX.test(l) || THEMATIC.test(l) || /^ {0,3}>/.test(l) || OPEN_LINE.test(l.trim()) || /^ {0,3}([-*+]|1[.)])[ \t]+\S/.test(l)) break;
      body.push(l.replace(/^\s+/, ''));
      this.i++;
    }
    const src = body.join('\n');
    if (src === '<empty-block/>') return block('paragraph', { rich_text: [], color: 'default' });
    const image = /^!\[(.*)\]\((\S+?)\)$/.exec(src);
    if (image) return block('image', { caption: this.text(image[1]), type: 'external', external: { url: image[2] } });
    return block('paragraph', { rich_text: this.text(src), color: 'default' });
  }

  /** `>` lines (with lazy continuation) form one quote: its first paragraph is the text, the rest children. */
  private quote(): BlockInput {
    const inner: string[] = [];
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      const m = /^ {0,3}> ?(.*)$/.exec(l);
      if (m) inner.push(m[1]);
      else if (l.trim() !== '' && inner.length && inner[inner.length - 1].trim() !== '') inner.push(l);
      else break;
      this.i++;
    }
    return this.titled('quote', { color: 'default' }, inner);
  }

  /**
   * Container shape: the text up to the first blank line is the block's own text, the
   * rest its children. A blank line right after the opening tag means an empty title.
   */
  private titled(type: string, payload: Record<string, unknown>, inner: string[]): BlockInput {
    let end = 0;
    if (inner.length && inner[0].trim() !== '' && !startsOtherBlock(inner[0])) while (end < inner.length && inner[end].trim() !== '') end++;
    const title = inner.slice(0, end).join('\n');
    return block(type, { ...payload, rich_text: this.text(title) }, this.sub(inner.slice(end)).map((p) => p.input));
  }

  private listItem(): BlockInput {
    const first = this.lines[this.i];
    const m = /^(\t*| {0,3})([-*+]|\d{1,9}[.)])[ \t]?(.*)$/.exec(first)!;
    const baseTabs = m[1].length;
    const text: string[] = [m[3]];
    const children: string[] = [];
    this.i++;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      const indentTabs = /^\t*/.exec(l)![0].length;
      const deeper = indentTabs > baseTabs || (/^ {2,}\S/.test(l) && !/^\t/.test(l));
      if (deeper) children.push(l.startsWith('\t') ? l.slice(baseTabs + 1) : l.replace(/^ {2,4}/, ''));
      else if (l.trim() === '') {
        // Blank lines end the item unless an indented continuation follows them.
        let k = this.i + 1;
        while (k < this.lines.length && this.lines[k].trim() === '' && !this.lines[k].startsWith('\t'.repeat(baseTabs + 1))) k++;
        const next = this.lines[k] ?? '';
        if (!(/^\t*/.exec(next)![0].length > baseTabs) && !/^ {2,}\S/.test(next)) break;
        children.push('');
      } else if (!children.length && !startsOtherBlock(l) && !blockTagLine(l)) text.push(l.trim());
      else break;
      this.i++;
    }
    const task = /^\[([ xX])\](?:[ \t]+|$)(.*)$/s.exec(text.join('\n'));
    const kids = this.sub(children).map((p) => p.input);
    if (m[2] === '-' || m[2] === '*' || m[2] === '+') {
      if (task) return block('to_do', { rich_text: this.text(task[2]), checked: task[1] !== ' ', color: 'default' }, kids);
      return block('bulleted_list_item', { rich_text: this.text(text.join('\n')), color: 'default' }, kids);
    }
    return block('numbered_list_item', { rich_text: this.text(text.join('\n')), color: 'default' }, kids);
  }

  private pipeTable(): BlockInput {
    const rows: string[][] = [];
    const cells = (l: string) =>
      l
        .trim()
        .replace(/^\|/, '')
        .replace(/(?<!\\)\|$/, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
    rows.push(cells(this.lines[this.i]));
    this.i += 2;
    while (this.i < this.lines.length && this.lines[this.i].trim() !== '' && this.lines[this.i].includes('|')) rows.push(cells(this.lines[this.i++]));
    const width = rows[0].length;
    const children = rows.map((r) => block('table_row', { cells: Array.from({ length: width }, (_, k) => this.text(r[k] ?? '')) }));
    return block('table', { table_width: width, has_column_header: true, has_row_header: false }, children);
  }

  /** The lines between `<tag …>` and its matching `</tag>` (same-name tags nest). */
  private body(tag: string): string[] {
    const inner: string[] = [];
    let depth = 1;
    this.i++;
    const open = new RegExp(`^<${tag}(\\s[^>]*)?(?<!/)>$`);
    while (this.i < this.lines.length) {
      const t = this.lines[this.i].trim();
      if (open.test(t)) depth++;
      if (t === `</${tag}>` && --depth === 0) break;
      inner.push(this.lines[this.i++]);
    }
    this.i++;
    return inner;
  }

  private container(tag: string, attrs: Record<string, string>): BlockInput | BlockInput[] | undefined {
    const inner = this.body(tag);
    const color = attrs.color ? apiColor(attrs.color) : 'default';
    return containerBlock(this, tag, attrs, color, inner);
  }

  /** Parses a container's inner lines into blocks (for containerBlock). */
  children(inner: string[]): BlockInput[] {
    return this.sub(inner).map((p) => p.input);
  }

  titledBlock(type: string, payload: Record<string, unknown>, inner: string[]): BlockInput {
    return this.titled(type, payload, inner);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  inlineText(src: string): RichText[] {
    return this.text(src);
  }

  /** A Notion tag on one line; null when the tag is not a block tag (the line is then a paragraph). */
  private oneLine(tag: string, attrs: Record<string, string>, inner: string): BlockInput | BlockInput[] | undefined | null {
    return oneLineBlock(this, tag, attrs, inner);
  }
}

/** Whether a line opens a block other than a paragraph (so it cannot be a container's title). */
function startsOtherBlock(line: string): boolean {
  const t = line.trim();
  return FENCE.test(line) || t === '$$' || OPEN_LINE.test(t) || THEMATIC.test(line) || ATX.test(line) || LIST_ITEM.test(line) || /^ {0,3}>/.test(line) || /^\t/.test(line);
}

/** A line that is a Notion block tag on its own (`<todo …>x</todo>`, `<ul>`): it ends a list item's text, as Notion's own output puts it right under one. */
function blockTagLine(line: string): boolean {
  const t = line.trim();
  const tag = ONE_LINE.exec(t)?.[1] ?? SELF_CLOSING.exec(t)?.[1];
  return OPEN_LINE.test(t) || (tag !== undefined && CONTAINER_TAGS.includes(tag));
}

function plain(content: string): RichText {
  return { type: 'text', text: { content, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' }, plain_text: content, href: null };
}

/** Parses a markdown body in the request's version (v1 yields no warnings). */
export function parseByVersion(markdown: string, version: 'v1' | 'v2'): ParsedV2 {
  return version === 'v2' ? parseMarkdownV2(markdown) : { items: parseMarkdown(markdown), warnings: [] };
}
