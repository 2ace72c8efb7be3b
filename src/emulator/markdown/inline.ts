// Rich text ⇄ Notion enhanced-markdown inline syntax. Written for the emulator
// alone: it must not share logic with the engine's converter.
import { notionUrl } from '../ids';
import type { Json } from '../json';
import type { PageUrlHost } from '../knobs';
import type { RichText } from '../richText';

const ESCAPED = /[\\*~`$[\]<>{}|^]/g;

export function escapeText(s: string): string {
  return s.replace(ESCAPED, (c) => `\\${c}`);
}

export function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** Renders rich text items to one line of enhanced markdown. */
export function renderInline(items: RichText[], host: PageUrlHost = 'www.notion.so'): string {
  // Adjacent items with one style render as one run, so markers never touch ambiguously.
  return merge(items.map((i) => ({ ...i, text: i.text ? { ...i.text } : undefined })))
    .map((i) => renderItem(i, host))
    .join('');
}

/**
 * An item's text before marks, split as [leading spaces, body, trailing spaces] so that
 * marks hug the text; undefined for empty text. Shared by the v1 and v2 renderers.
 */
export function itemCore(item: RichText, mention: (m: Json, plain: string) => string, escape: (s: string) => string): [string, string, string] | undefined {
  let core: string;
  if (item.type === 'equation') core = `$${item.equation?.expression ?? ''}$`;
  else if (item.type === 'mention') core = mention(item.mention ?? {}, item.plain_text);
  else {
    const content = item.text?.content ?? '';
    if (content === '') return undefined;
    core = item.annotations.code ? codeSpan(content) : escape(content);
  }
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(core)!;
  return [m[1], m[2], m[3]];
}

function renderItem(item: RichText, host: PageUrlHost): string {
  const a = item.annotations;
  const parts = itemCore(item, (m, plain) => renderMention(m, plain, host), (s) => escapeText(s).replace(/\n/g, '<br>'));
  if (!parts) return '';
  const core = parts.join('');
  let [lead, body, trail] = parts;
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
export function codeSpan(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function renderMention(m: Json, plain: string, host: PageUrlHost): string {
  const type = String(m.type ?? '');
  const inner = (m[type] ?? {}) as Json;
  // Real v1 output carries the title: `<mention-page url="…">Title</mention-page>`.
  if (type === 'page' || type === 'database') return `<mention-${type} url="${notionUrl('', String(inner.id ?? ''), host)}">${escapeText(plain)}</mention-${type}>`;
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

function sameStyle(a: RichText, b: RichText): boolean {
  return a.type === 'text' && b.type === 'text' && JSON.stringify(a.annotations) === JSON.stringify(b.annotations) && a.href === b.href;
}

export function merge(items: RichText[]): RichText[] {
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

