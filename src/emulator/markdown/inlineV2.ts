// Rich text → Notion-flavored Markdown (v2) inline syntax: CommonMark + GFM
// marks, `<u>` for underline, `<span color>`, `<mention url>`, `<date …/>`,
// a trailing `\` for a line break (`<br />` inside table cells).
import { notionUrl } from '../ids';
import type { Json } from '../json';
import type { PageUrlHost } from '../knobs';
import type { RichText } from '../richText';
import { attr, colorName, itemCore, merge } from './inline';

const ESCAPED_V2 = /[\\*_~`$[\]<]/g;

export function escapeV2(s: string, inCell = false): string {
  // `&` that would read as a character reference (`&#0;`, `&amp;`) is escaped too.
  const escaped = s.replace(ESCAPED_V2, (c) => `\\${c}`).replace(/&(?=#?[0-9a-z]+;)/gi, '\\&');
  return inCell ? escaped.replace(/\|/g, '\\|') : escaped;
}

export interface InlineV2Context {
  host: PageUrlHost;
  /** Titles for page and database mentions. */
  titleOf: (id: string) => string | undefined;
  inCell?: boolean;
}

export function renderInlineV2(items: RichText[], ctx: InlineV2Context): string {
  return merge(items.map((i) => ({ ...i, text: i.text ? { ...i.text } : undefined })))
    .map((i) => renderItemV2(i, ctx))
    .join('');
}

/** A CommonMark delimiter run cannot open or close next to punctuation inside words; tags can. */
function needsTags(body: string): boolean {
  return /^[\p{P}\p{S}]/u.test(body) || /[\p{P}\p{S}]$/u.test(body);
}

function renderItemV2(item: RichText, ctx: InlineV2Context): string {
  const a = item.annotations;
  const parts = itemCore(item, (m, plain) => mentionV2(m, plain, ctx), (s) => escapeV2(s, ctx.inCell));
  if (!parts) return '';
  const [lead, , trail] = parts;
  let body = parts[1];
  if (!body) return lineBreaks(parts.join(''), ctx);
  if (item.type === 'text' && item.text?.link) body = `[${body}](${item.text.link.url})`;
  const tags = needsTags(body) && item.type === 'text' && !a.code && !item.text?.link;
  if (a.bold) body = tags ? `<b>${body}</b>` : `**${body}**`;
  if (a.italic) body = tags ? `<i>${body}</i>` : `*${body}*`;
  if (a.strikethrough) body = tags ? `<s>${body}</s>` : `~~${body}~~`;
  if (a.underline) body = `<u>${body}</u>`;
  if (a.color !== 'default') body = `<span color="${colorName(a.color)}">${body}</span>`;
  return `${lineBreaks(lead, ctx)}${lineBreaks(body, ctx)}${lineBreaks(trail, ctx)}`;
}

/** In-block newlines: a trailing backslash, or `<br />` in a table cell. */
function lineBreaks(s: string, ctx: InlineV2Context): string {
  return s.replace(/\n/g, ctx.inCell ? '<br />' : '\\\n');
}

function mentionV2(m: Json, plain: string, ctx: InlineV2Context): string {
  const type = String(m.type ?? '');
  const inner = (m[type] ?? {}) as Json;
  const id = String(inner.id ?? '');
  if (type === 'page' || type === 'database') {
    const title = ctx.titleOf(id) ?? plain;
    return `<mention url="${notionUrl(title, id, ctx.host)}"${type === 'database' ? ' type="database"' : ''}>${escapeV2(title)}</mention>`;
  }
  if (type === 'user') return `<mention url="user://${id}"/>`;
  if (type === 'date') return `<date start="${attr(String(inner.start ?? ''))}"${inner.end ? ` end="${attr(String(inner.end))}"` : ''}/>`;
  return escapeV2(plain);
}
