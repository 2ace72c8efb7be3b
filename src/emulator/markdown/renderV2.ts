// Blocks → Notion-flavored Markdown (v2): blank lines between blocks (items of
// one list stay tight), children in the tag ("container") form after a blank
// line, colours as `color` attributes, tabs only to nest list items.
import type { Json } from '../json';
import type { BlockRec } from '../model';
import { plainText, type RichText } from '../richText';
import { attr, colorName } from './inline';
import { escapeV2, renderInlineV2 } from './inlineV2';
import { ALWAYS_UNKNOWN, BaseRenderer } from './renderBase';
import { fenced, guardLineStart as guardV1 } from './renderV1';

/**
 * v2 text is CommonMark: `1. x` as a paragraph's text is escaped at its delimiter
 * (`1\. x`; a backslash before a digit is a literal backslash); the other
 * block starts as in v1.
 */
function guardLineStart(line: string): string {
  return /^\d+[.)](\s|$)/.test(line) ? line.replace(/^(\d+)([.)])/, '$1\\$2') : guardV1(line);
}

const LIST_TYPES = new Set(['bulleted_list_item', 'numbered_list_item', 'to_do']);

/** Items of one list are separated by a single newline; every other pair of blocks by a blank line. */
export function v2Separator(prev: string | undefined, next: string): string {
  return prev !== undefined && LIST_TYPES.has(prev) && LIST_TYPES.has(next) && (prev === next || (prev !== 'numbered_list_item' && next !== 'numbered_list_item')) ? '\n' : '\n\n';
}

export class V2Renderer extends BaseRenderer {
  private inline(rt: unknown, inCell = false): string {
    return renderInlineV2((rt as RichText[] | undefined) ?? [], { host: this.ws.knobs.pageUrlHost, titleOf: (id) => this.ws.titleById(id), inCell });
  }

  /** Children as blocks separated like the page's top level. */
  private kids(id: string, depth = 0): string[] {
    return this.childLines(id, depth, (prev, next) => (v2Separator(prev, next) === '\n' ? [] : ['']));
  }

  /** `<tag attrs>` ⏎ title ⏎⏎ children ⏎ `</tag>`, or one line when there are no children. */
  private container(tag: string, attrs: string, text: string, id: string): string[] {
    const kids = this.kids(id);
    const title = guardLineStart(text);
    if (!kids.length) return [`<${tag}${attrs}>${title}</${tag}>`];
    // A blank line right after the opening tag means an empty title.
    return [`<${tag}${attrs}>`, ...(title ? [title] : []), '', ...kids, `</${tag}>`];
  }

  block(id: string, depth: number, number: number): string[] {
    const lines = this.blockLines(id, number);
    const ind = '\t'.repeat(depth);
    return depth ? lines.map((l) => (l ? `${ind}${l}` : l)) : lines;
  }

  private blockLines(id: string, number: number): string[] {
    if (this.overLimit()) return this.unknownLine(id, 'truncated', '');
    const page = this.ws.pages.get(id);
    if (page) return [`<page url="${this.ws.urlOf(id)}">${escapeV2(this.ws.titleOf(page))}</page>`];
    const db = this.ws.databases.get(id);
    if (db) {
      const ds = this.dataSourceUrl(id);
      return [`<database url="${this.ws.urlOf(id)}"${ds ? ` data-source-url="${ds}"` : ''}${db.isInline ? ' inline="true"' : ''}>${escapeV2(plainText(db.title))}</database>`];
    }
    const b = this.ws.blocks.get(id);
    if (!b) return [];
    if (ALWAYS_UNKNOWN.has(b.type)) return this.unknownLine(id, b.type, '');
    return this.typed(b, number);
  }

  private typed(b: BlockRec, number: number): string[] {
    const p = b.payload;
    const text = this.inline(p.rich_text);
    const color = typeof p.color === 'string' && p.color !== 'default' ? colorName(p.color) : undefined;
    const colorAttr = color ? ` color="${color}"` : '';
    const hasKids = this.ws.hasChildren(b.id);
    switch (b.type) {
      case 'paragraph':
        if (!color && !hasKids) return [guardLineStart(text) || '<p />'];
        return this.container('p', colorAttr, text, b.id);
      case 'heading_1':
      case 'heading_2':
      case 'heading_3':
      case 'heading_4': {
        const level = b.type.slice(-1);
        if (p.is_toggleable === true) return this.container('toggle', ` heading="h${level}"${colorAttr}`, text, b.id);
        return color ? [`<h${level}${colorAttr}>${text}</h${level}>`] : [`${'#'.repeat(Number(level))} ${text.replace(/(^|\s)(#+)(\s*)$/, '$1\\$2$3')}`];
      }
      case 'bulleted_list_item':
      case 'numbered_list_item':
      case 'to_do':
        return this.listItem(b, text, color, number);
      case 'quote':
        if (!color && !hasKids && !text.includes("\n")) return [`> ${guardLineStart(text)}`];
        return this.container('quote', colorAttr, text, b.id);
      case 'toggle':
        return this.container('toggle', colorAttr, text, b.id);
      case 'callout': {
        const icon = p.icon as Json | null;
        const emoji = icon && icon.type === 'emoji' ? ` icon="${attr(String(icon.emoji))}"` : '';
        const kids = this.kids(b.id);
        return [`<callout${emoji}${colorAttr}>`, ...(text ? [guardLineStart(text)] : []), ...(kids.length ? ['', ...kids] : []), '</callout>'];
      }
      case 'code':
        return fenced(plainText((p.rich_text as RichText[] | undefined) ?? []), String(p.language ?? 'plain text'), '');
      case 'equation':
        return color ? [`<equation${colorAttr}>${String(p.expression ?? '')}</equation>`] : ['$$', ...String(p.expression ?? '').split('\n'), '$$'];
      case 'divider':
        return ['---'];
      case 'table_of_contents':
        return [`<table-of-contents${colorAttr} />`];
      case 'image': {
        const caption = this.inline(p.caption);
        return [`![${caption}](${this.mediaUrl(p)})`];
      }
      case 'video':
      case 'audio':
      case 'file':
      case 'pdf':
        return [`<${b.type} source="${attr(this.mediaUrl(p))}">${this.inline(p.caption)}</${b.type}>`];
      case 'bookmark':
      case 'embed':
        return [`<${b.type} source="${attr(String(p.url ?? ''))}">${this.inline(p.caption)}</${b.type}>`];
      case 'table':
        return this.table(b);
      case 'column_list':
        return ['<columns>', ...this.kids(b.id), '</columns>'];
      case 'column': {
        const ratio = typeof p.width_ratio === 'number' ? ` ratio="${Math.round(p.width_ratio * 1000) / 10}"` : '';
        return [`<column${ratio}>`, ...this.kids(b.id), '</column>'];
      }
      case 'synced_block': {
        const tag = p.synced_from ? 'synced-block-reference' : 'synced-block';
        return [`<${tag} url="${this.syncedUrl(b)}">`, ...this.kids(b.id), `</${tag}>`];
      }
      default:
        return this.unknownLine(b.id, b.type, '');
    }
  }

  /** `- item`, `1. item`, `- [ ] item`; list children nest by a tab, other children need the tag form. */
  private listItem(b: BlockRec, text: string, color: string | undefined, number: number): string[] {
    const ids = this.ws.childIds(b.id);
    const onlyItems = ids.every((c) => LIST_TYPES.has(this.typeOf(c)));
    if (color || !onlyItems) {
      const inner = b.type === 'to_do' ? ['todo', ` checked="${b.payload.checked === true}"`] : ['li', ''];
      const item = this.container(inner[0], `${inner[1]}${color ? ` color="${color}"` : ''}`, text, b.id);
      return b.type === 'to_do' ? item : [b.type === 'numbered_list_item' ? '<ol>' : '<ul>', ...item, b.type === 'numbered_list_item' ? '</ol>' : '</ul>'];
    }
    const marker = b.type === 'numbered_list_item' ? `${number || 1}.` : b.type === 'to_do' ? `- [${b.payload.checked ? 'x' : ' '}]` : '-';
    // `- --` would read as a thematic break, `- 1. x` as a nested list: escape the text's start.
    const line = /^((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$/.test(`${marker} ${text}`) ? `${marker} \\${text}` : `${marker} ${guardLineStart(text)}`;
    // Nested items come back one tab deeper (block() indents by its depth).
    return [line, ...this.childLines(b.id, 1, () => [])];
  }

  /** A GFM pipe table when plain (header row, no header column), else a `<table>`. */
  private table(b: BlockRec): string[] {
    const rows = this.ws.childIds(b.id).map((id) => this.ws.blocks.get(id)).filter((r): r is BlockRec => !!r);
    this.count += rows.length;
    const cells = rows.map((r) => ((r.payload.cells as RichText[][] | undefined) ?? []).map((c) => this.inline(c, true)));
    const header = b.payload.has_column_header === true;
    const headerColumn = b.payload.has_row_header === true;
    if (header && !headerColumn && cells.length) {
      const line = (r: string[]) => `| ${r.join(' | ')} |`;
      return [line(cells[0]), line(cells[0].map(() => '---')), ...cells.slice(1).map(line)];
    }
    const tr = (r: string[], i: number) => `<tr>${r.map((c, j) => ((header && i === 0) || (headerColumn && j === 0) ? `<th>${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;
    return [`<table header-row="${header}" header-column="${headerColumn}">`, ...cells.map(tr), '</table>'];
  }
}
