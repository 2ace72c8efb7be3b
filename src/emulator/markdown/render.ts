// Blocks → Notion enhanced markdown, the body of GET /v1/pages/:id/markdown.
import { notionUrl } from '../ids';
import type { Json } from '../json';
import { plainText, type RichText } from '../richText';
import type { Workspace } from '../workspace';
import { colorName, escapeText, renderInline } from './inline';

export interface RenderedPage {
  markdown: string;
  unknownBlockIds: string[];
  truncated: boolean;
  /** The markdown of each top-level block, for diff-based content updates. */
  chunks: Array<{ id: string; text: string }>;
}

/** Notion truncates above ≈20,000 blocks. */
export const MAX_RENDERED_BLOCKS = 20_000;

/** Block types Notion always renders as `<unknown>`. */
const UNKNOWN_TYPES = new Set(['bookmark', 'embed', 'link_preview', 'breadcrumb', 'template', 'unsupported', 'synced_block', 'link_to_page']);

class Renderer {
  readonly unknown: string[] = [];
  count = 0;
  truncated = false;
  constructor(
    private readonly ws: Workspace,
    private readonly pageId: string,
  ) {}

  children(containerId: string, depth: number): string[] {
    const lines: string[] = [];
    let number = 0;
    for (const id of this.ws.childIds(containerId)) {
      const block = this.ws.blocks.get(id);
      number = block?.type === 'numbered_list_item' ? number + 1 : 0;
      lines.push(...this.block(id, depth, number));
    }
    return lines;
  }

  block(id: string, depth: number, number: number): string[] {
    const ind = '\t'.repeat(depth);
    if (++this.count > MAX_RENDERED_BLOCKS) {
      this.truncated = true;
      return this.unknownLine(id, 'truncated', ind);
    }
    const page = this.ws.pages.get(id);
    if (page) return [`${ind}<page url="${notionUrl(this.ws.titleOf(page), id)}">${escapeText(this.ws.titleOf(page))}</page>`];
    const db = this.ws.databases.get(id);
    if (db) return [`${ind}<database url="${notionUrl(plainText(db.title), id)}"${db.isInline ? ' inline="true"' : ''}>${escapeText(plainText(db.title))}</database>`];
    const b = this.ws.blocks.get(id);
    if (!b) return [];
    const p = b.payload;
    const rt = (p.rich_text as RichText[] | undefined) ?? [];
    const text = renderInline(rt);
    const color = typeof p.color === 'string' && p.color !== 'default' ? p.color : undefined;
    const attrs = (extra: string[] = []) => {
      const all = [...extra, ...(color ? [`color="${colorName(color)}"`] : [])];
      return all.length ? ` {${all.join(' ')}}` : '';
    };
    const kids = () => this.children(id, depth + 1);
    switch (b.type) {
      case 'paragraph':
        return [`${ind}${guardLineStart(text) || '<empty-block/>'}${attrs()}`, ...kids()];
      case 'heading_1':
      case 'heading_2':
      case 'heading_3':
      case 'heading_4': {
        const level = Number(b.type.slice(-1));
        const toggle = p.is_toggleable === true;
        return [`${ind}${'#'.repeat(level)} ${text}${attrs(toggle ? ['toggle="true"'] : [])}`, ...(toggle ? kids() : [])];
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
        return [`${ind}<details${color ? ` color="${colorName(color)}"` : ''}>`, `${ind}<summary>${text}</summary>`, ...kids(), `${ind}</details>`];
      case 'callout': {
        const icon = p.icon as Json | null;
        const emoji = icon && icon.type === 'emoji' ? ` icon="${String(icon.emoji)}"` : '';
        return [`${ind}<callout${emoji}${color ? ` color="${colorName(color)}"` : ''}>`, `${ind}\t${guardLineStart(text) || '<empty-block/>'}`, ...kids(), `${ind}</callout>`];
      }
      case 'code': {
        const body = plainText(rt);
        // A fence longer than any backtick run inside, so code may contain ``` lines.
        const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        return [`${ind}${fence}${String(p.language ?? 'plain text')}`, ...body.split('\n').map((l) => `${ind}${l}`), `${ind}${fence}`];
      }
      case 'equation':
        return [`${ind}$$`, ...String(p.expression ?? '').split('\n').map((l) => `${ind}${l}`), `${ind}$$`];
      case 'divider':
        return [`${ind}---`];
      case 'table_of_contents':
        return [`${ind}<table_of_contents${color ? ` color="${colorName(color)}"` : ''}/>`];
      case 'image': {
        const caption = renderInline((p.caption as RichText[] | undefined) ?? []);
        return [`${ind}![${caption}](${mediaUrl(p)})`];
      }
      case 'video':
      case 'audio':
      case 'file':
      case 'pdf': {
        const caption = renderInline((p.caption as RichText[] | undefined) ?? []);
        return [`${ind}<${b.type} src="${mediaUrl(p)}">${caption}</${b.type}>`];
      }
      case 'table':
        return this.table(id, p, ind);
      case 'column_list':
        return [`${ind}<columns>`, ...kids(), `${ind}</columns>`];
      case 'column':
        return [`${ind}<column>`, ...kids(), `${ind}</column>`];
      default:
        return this.unknownLine(id, UNKNOWN_TYPES.has(b.type) ? b.type : b.type, ind);
    }
  }

  unknownLine(id: string, alt: string, ind: string): string[] {
    if (this.unknown.length < 100) this.unknown.push(id);
    return [`${ind}<unknown url="https://www.notion.so/${this.pageId.replace(/-/g, '')}#${id.replace(/-/g, '')}" alt="${alt}"/>`];
  }

  table(id: string, p: Json, ind: string): string[] {
    const lines = [`${ind}<table header-row="${p.has_column_header === true}" header-column="${p.has_row_header === true}">`];
    for (const rowId of this.ws.childIds(id)) {
      const row = this.ws.blocks.get(rowId);
      if (!row) continue;
      this.count++;
      lines.push(`${ind}\t<tr>`);
      for (const cell of (row.payload.cells as RichText[][] | undefined) ?? []) lines.push(`${ind}\t\t<td>${renderInline(cell)}</td>`);
      lines.push(`${ind}\t</tr>`);
    }
    lines.push(`${ind}</table>`);
    return lines;
  }
}

/** A paragraph must not read as another block: escape a leading list, heading, quote or fence marker. */
function guardLineStart(line: string): string {
  if (/^([-*+](\s|$)|\d+[.)](\s|$)|#|>|-{3,}$|_{3,}$|:::|!\[)/.test(line)) return `\\${line}`;
  return line;
}

function mediaUrl(p: Json): string {
  const ext = (p.external ?? p.file) as Json | undefined;
  return String(ext?.url ?? '');
}

export function renderPageMarkdown(ws: Workspace, pageId: string): RenderedPage {
  const r = new Renderer(ws, pageId);
  const chunks: Array<{ id: string; text: string }> = [];
  let number = 0;
  for (const id of ws.childIds(pageId)) {
    const block = ws.blocks.get(id);
    number = block?.type === 'numbered_list_item' ? number + 1 : 0;
    chunks.push({ id, text: r.block(id, 0, number).join('\n') });
  }
  return { markdown: chunks.map((c) => c.text).join('\n'), unknownBlockIds: r.unknown, truncated: r.truncated, chunks };
}

/** A single block and its subtree, for GET /v1/pages/:id/markdown with an `<unknown>` block id. */
export function renderBlockMarkdown(ws: Workspace, blockId: string): RenderedPage {
  const owner = ws.owningPage(blockId);
  const r = new Renderer(ws, owner?.id ?? blockId);
  const text = r.block(blockId, 0, 1).join('\n');
  return { markdown: text, unknownBlockIds: r.unknown, truncated: r.truncated, chunks: [{ id: blockId, text }] };
}
