// Notion's block tags in v2 input: containers (`<callout>`, `<toggle>`, `<p>`,
// `<columns>`, `<synced-block>`, styled `<table>`, `<ul>/<li>`…) and one-line
// tags (`<page>`, `<pdf source>`, `<bookmark>`, `<table-of-contents />`…).
import type { Json } from '../json';
import type { BlockInput } from '../model';
import type { RichText } from '../richText';
import { apiColor } from './inline';
import { KEEP, idFromUrl } from './parse';

export const block = (type: string, payload: Json, children: BlockInput[] = []): BlockInput => ({ type, payload, children });

/** What the tag parsers need from the block parser. */
export interface V2Context {
  children(inner: string[]): BlockInput[];
  titledBlock(type: string, payload: Json, inner: string[]): BlockInput;
  warn(message: string): void;
  inlineText(src: string): RichText[];
}

const keep = (id: string | undefined): BlockInput | undefined => (id ? block(KEEP, { id }) : undefined);
const icon = (attrs: Record<string, string>): Json => ({ type: 'emoji', emoji: attrs.icon || '💡' });

/** A multi-line container; `<ul>`/`<ol>` yield one block per `<li>`. */
export function containerBlock(ctx: V2Context, tag: string, attrs: Record<string, string>, color: string, inner: string[]): BlockInput | BlockInput[] | undefined {
  switch (tag) {
    case 'callout':
      return ctx.titledBlock('callout', { icon: icon(attrs), color }, inner);
    case 'toggle':
      if (/^h[1-4]$/.test(attrs.heading ?? '')) return ctx.titledBlock(`heading_${attrs.heading.slice(1)}`, { color, is_toggleable: true }, inner);
      return ctx.titledBlock('toggle', { color }, inner);
    case 'quote':
      return ctx.titledBlock('quote', { color }, inner);
    case 'p':
      return ctx.titledBlock('paragraph', { color }, inner);
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
      return block(`heading_${tag.slice(1)}`, { rich_text: ctx.inlineText(inner.join('\n').trim()), color, is_toggleable: false });
    case 'todo':
      return ctx.titledBlock('to_do', { checked: attrs.checked === 'true', color }, inner);
    case 'li':
      return ctx.titledBlock('bulleted_list_item', { color }, inner);
    case 'ul':
    case 'ol':
      return ctx.children(inner).map((b) => (tag === 'ol' && b.type === 'bulleted_list_item' ? { ...b, type: 'numbered_list_item' } : b));
    case 'columns':
      return block('column_list', {}, ctx.children(inner));
    case 'column': {
      // `ratio="50"`: the column's share of the row, in percent (the API's `width_ratio` is 0–1).
      const ratio = Number(attrs.ratio);
      return block('column', Number.isFinite(ratio) && ratio > 0 ? { width_ratio: ratio / 100 } : {}, ctx.children(inner));
    }
    case 'synced-block':
      // Synced content is edited in its original: an existing one is kept as it is.
      if (attrs.url) return keep(idFromUrl(attrs.url, true));
      return block('synced_block', { synced_from: null }, ctx.children(inner));
    case 'synced-block-reference':
      return keep(idFromUrl(attrs.url ?? '', true));
    case 'table':
      return styledTable(ctx, attrs, inner.join(''));
    case 'equation':
      return block('equation', { expression: inner.join('\n').trim(), ...(attrs.color ? { color } : {}) });
  }
  ctx.warn(`<${tag}> is not a Notion block tag; it was ignored.`);
  return undefined;
}

/** A block written as one tag on one line, or null when the tag is not a block tag (the line is then text). */
export function oneLineBlock(ctx: V2Context, tag: string, attrs: Record<string, string>, inner: string): BlockInput | BlockInput[] | undefined | null {
  const color = attrs.color ? apiColor(attrs.color) : 'default';
  const text = () => ctx.inlineText(inner);
  switch (tag) {
    case 'page':
    case 'database':
      if (!attrs.url) ctx.warn(`A <${tag}> without url would create a new ${tag}; the emulator does not create ${tag}s from markdown, so it was ignored.`);
      return keep(idFromUrl(attrs.url ?? '', false));
    case 'unknown':
      return keep(idFromUrl(attrs.url ?? '', true));
    case 'image':
    case 'pdf':
    case 'file':
    case 'audio':
    case 'video': {
      const url = attrs.source ?? attrs.src;
      if (attrs.src && !attrs.source) ctx.warn(`<${tag} src> is v1 syntax; v2 names the attribute source.`);
      if (!url) return undefined;
      return block(tag, { caption: text(), type: 'external', external: { url } });
    }
    case 'bookmark':
    case 'embed':
      return block(tag, { caption: text(), url: attrs.source ?? '' });
    case 'table-of-contents':
      return block('table_of_contents', { color });
    case 'equation':
      return block('equation', { expression: inner, ...(attrs.color ? { color } : {}) });
    case 'p':
    case 'callout':
    case 'toggle':
    case 'quote':
    case 'todo':
    case 'li':
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
      return containerBlock(ctx, tag, attrs, color, inner ? [inner] : []);
  }
  return null;
}

function styledTable(ctx: V2Context, attrs: Record<string, string>, html: string): BlockInput {
  const rows: RichText[][][] = [];
  for (const tr of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
    rows.push([...tr[1].matchAll(/<t[dh]([^>]*)>([\s\S]*?)<\/t[dh]>/g)].map((td) => ctx.inlineText(td[2])));
  }
  const width = Math.max(1, ...rows.map((r) => r.length));
  const children = rows.map((cells) => block('table_row', { cells: [...cells, ...Array.from({ length: width - cells.length }, () => [])] }));
  return block('table', { table_width: width, has_column_header: attrs['header-row'] === 'true', has_row_header: attrs['header-column'] === 'true' }, children);
}
