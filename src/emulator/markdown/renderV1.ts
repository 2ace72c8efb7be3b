// Blocks → enhanced markdown (v1): one line per block, single newlines between
// blocks, children indented by tabs, `{color="…"}` attribute lists.
import type { Json } from '../json';
import { plainText, type RichText } from '../richText';
import { colorName, escapeText, renderInline } from './inline';
import { ALWAYS_UNKNOWN, BaseRenderer } from './renderBase';

/** v1 has no tags for these: they render as `<unknown>`. */
const V1_UNKNOWN = new Set([...ALWAYS_UNKNOWN, 'bookmark', 'embed']);

export class V1Renderer extends BaseRenderer {
  private kids(id: string, depth: number): string[] {
    return this.childLines(id, depth, () => []);
  }

  private inline(rt: RichText[]): string {
    return renderInline(rt, this.ws.knobs.pageUrlHost);
  }

  block(id: string, depth: number, number: number): string[] {
    const ind = '\t'.repeat(depth);
    if (this.overLimit()) return this.unknownLine(id, 'truncated', ind);
    const page = this.ws.pages.get(id);
    if (page) return [`${ind}<page url="${this.ws.urlOf(id)}">${escapeText(this.ws.titleOf(page))}</page>`];
    const db = this.ws.databases.get(id);
    if (db) {
      const ds = this.dataSourceUrl(id);
      const attrs = `${db.isInline ? ' inline="true"' : ''}${ds ? ` data-source-url="${ds}"` : ''}`;
      return [`${ind}<database url="${this.ws.urlOf(id)}"${attrs}>${escapeText(plainText(db.title))}</database>`];
    }
    const b = this.ws.blocks.get(id);
    if (!b) return [];
    if (V1_UNKNOWN.has(b.type)) return this.unknownLine(id, b.type, ind);
    const p = b.payload;
    const text = this.inline((p.rich_text as RichText[] | undefined) ?? []);
    const color = typeof p.color === 'string' && p.color !== 'default' ? colorName(p.color) : undefined;
    const attrs = (extra: string[] = []) => {
      const all = [...extra, ...(color ? [`color="${color}"`] : [])];
      return all.length ? ` {${all.join(' ')}}` : '';
    };
    const tagColor = color ? ` color="${color}"` : '';
    const kids = () => this.kids(id, depth + 1);
    switch (b.type) {
      case 'paragraph':
        return [`${ind}${guardLineStart(text) || '<empty-block/>'}${attrs()}`, ...kids()];
      case 'heading_1':
      case 'heading_2':
      case 'heading_3':
      case 'heading_4': {
        const toggle = p.is_toggleable === true;
        return [`${ind}${'#'.repeat(Number(b.type.slice(-1)))} ${text}${attrs(toggle ? ['toggle="true"'] : [])}`, ...(toggle ? kids() : [])];
      }
      case 'bulleted_list_item':
        return [`${ind}- ${text}${attrs()}`, ...kids()];
      case 'numbered_list_item':
        return [`${ind}${number || 1}. ${text}${attrs()}`, ...kids()];
      case 'to_do':
        return [`${ind}- [${p.checked ? 'x' : ' '}] ${text}${attrs()}`, ...kids()];
      case 'quote':
        return [`${ind}> ${text}${attrs()}`, ...kids()];
      case 'toggle':
        return [`${ind}<details${tagColor}>`, `${ind}<summary>${text}</summary>`, ...kids(), `${ind}</details>`];
      case 'callout':
        return this.callout(p, text, color, ind, kids);
      case 'code':
        return fenced(plainText((p.rich_text as RichText[] | undefined) ?? []), String(p.language ?? 'plain text'), ind);
      case 'equation':
        return [`${ind}$$`, ...String(p.expression ?? '').split('\n').map((l) => `${ind}${l}`), `${ind}$$`];
      case 'divider':
        return [`${ind}---`];
      case 'table_of_contents':
        return [`${ind}<table_of_contents${tagColor}/>`];
      case 'image':
        return [`${ind}![${this.inline((p.caption as RichText[] | undefined) ?? [])}](${this.mediaUrl(p)})`];
      case 'video':
      case 'audio':
      case 'file':
      case 'pdf':
        return [`${ind}<${b.type} src="${this.mediaUrl(p)}">${this.inline((p.caption as RichText[] | undefined) ?? [])}</${b.type}>`];
      case 'table':
        return this.table(id, p, ind);
      case 'column_list':
        return [`${ind}<columns>`, ...kids(), `${ind}</columns>`];
      case 'column':
        return [`${ind}<column>`, ...kids(), `${ind}</column>`];
      case 'synced_block': {
        const tag = p.synced_from ? 'synced_block_reference' : 'synced_block';
        return [`${ind}<${tag} url="${this.syncedUrl(b)}">`, ...kids(), `${ind}</${tag}>`];
      }
      default:
        return this.unknownLine(id, b.type, ind);
    }
  }

  /** `<callout>` with tab-indented content, or the older `::: callout {…}` fenced div (a knob). */
  private callout(p: Json, text: string, color: string | undefined, ind: string, kids: () => string[]): string[] {
    const icon = p.icon as Json | null;
    const emoji = icon && icon.type === 'emoji' ? String(icon.emoji) : undefined;
    const body = guardLineStart(text) || '<empty-block/>';
    if (this.ws.knobs.calloutForm === 'fenced') {
      const attrs = [emoji ? `icon="${emoji}"` : '', color ? `color="${color}"` : ''].filter(Boolean).join(' ');
      // The fenced div holds its content unindented, at the callout's own depth.
      const inner = kids().map((l) => l.slice(1));
      return [`${ind}::: callout${attrs ? ` {${attrs}}` : ''}`, `${ind}${body}`, ...inner, `${ind}:::`];
    }
    return [`${ind}<callout${emoji ? ` icon="${emoji}"` : ''}${color ? ` color="${color}"` : ''}>`, `${ind}\t${body}`, ...kids(), `${ind}</callout>`];
  }

  private table(id: string, p: Json, ind: string): string[] {
    const lines = [`${ind}<table header-row="${p.has_column_header === true}" header-column="${p.has_row_header === true}">`];
    for (const rowId of this.ws.childIds(id)) {
      const row = this.ws.blocks.get(rowId);
      if (!row) continue;
      this.count++;
      lines.push(`${ind}\t<tr>`);
      for (const cell of (row.payload.cells as RichText[][] | undefined) ?? []) lines.push(`${ind}\t\t<td>${this.inline(cell)}</td>`);
      lines.push(`${ind}\t</tr>`);
    }
    lines.push(`${ind}</table>`);
    return lines;
  }
}

/** A fence longer than any backtick run inside, so code may contain ``` lines. */
export function fenced(body: string, language: string, ind: string): string[] {
  const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [`${ind}${fence}${language}`, ...body.split('\n').map((l) => `${ind}${l}`), `${ind}${fence}`];
}

/** A paragraph must not read as another block: escape a leading list, heading, quote or fence marker. */
export function guardLineStart(line: string): string {
  if (/^([-*+](\s|$)|\d+[.)](\s|$)|#|>|-{3,}$|_{3,}$|:::|!\[)/.test(line)) return `\\${line}`;
  return line;
}
