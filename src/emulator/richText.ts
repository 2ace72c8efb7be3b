// Rich text: request items → stored response items, with Notion's request limits.
import { validationError } from './errors';
import { Json, asObject, isObject } from './json';

export const MAX_TEXT_CONTENT = 2000;
export const MAX_ARRAY = 100;

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
}

export interface RichText {
  type: 'text' | 'mention' | 'equation';
  text?: { content: string; link: { url: string } | null };
  mention?: Json;
  equation?: { expression: string };
  annotations: Annotations;
  plain_text: string;
  href: string | null;
}

export function defaultAnnotations(): Annotations {
  return { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };
}

export function text(content: string, opts: Partial<Annotations> & { link?: string } = {}): RichText {
  const { link, ...ann } = opts;
  return {
    type: 'text',
    text: { content, link: link ? { url: link } : null },
    annotations: { ...defaultAnnotations(), ...ann },
    plain_text: content,
    href: link ?? null,
  };
}

export function plainText(items: RichText[]): string {
  return items.map((i) => i.plain_text).join('');
}

/** Validates and normalises a request rich-text array; `where` names the field in errors. */
export function parseRichText(value: unknown, where: string, lookupTitle?: (id: string) => string | undefined): RichText[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError(`body failed validation: ${where} should be an array, instead was \`${JSON.stringify(value)}\`.`);
  if (value.length > MAX_ARRAY) {
    throw validationError(`body failed validation: ${where}.length should be ≤ \`${MAX_ARRAY}\`, instead was \`${value.length}\`.`);
  }
  return value.map((raw, i) => parseItem(raw, `${where}[${i}]`, lookupTitle));
}

function parseItem(raw: unknown, where: string, lookupTitle?: (id: string) => string | undefined): RichText {
  if (!isObject(raw)) throw validationError(`body failed validation: ${where} should be an object.`);
  const annotations = { ...defaultAnnotations(), ...pickAnnotations(asObject(raw.annotations)) };
  const type = typeof raw.type === 'string' ? raw.type : 'text' in raw ? 'text' : 'mention' in raw ? 'mention' : 'equation' in raw ? 'equation' : 'text';
  if (type === 'text') {
    const t = asObject(raw.text);
    if (typeof t.content !== 'string') throw validationError(`body failed validation: ${where}.text.content should be defined, instead was \`undefined\`.`);
    if (t.content.length > MAX_TEXT_CONTENT) {
      throw validationError(`body failed validation: ${where}.text.content.length should be ≤ \`${MAX_TEXT_CONTENT}\`, instead was \`${t.content.length}\`.`);
    }
    const linkUrl = isObject(t.link) && typeof t.link.url === 'string' ? t.link.url : null;
    if (linkUrl !== null && linkUrl.length > 2000) throw validationError(`body failed validation: ${where}.text.link.url.length should be ≤ \`2000\`.`);
    return { type: 'text', text: { content: t.content, link: linkUrl ? { url: linkUrl } : null }, annotations, plain_text: t.content, href: linkUrl };
  }
  if (type === 'equation') {
    const e = asObject(raw.equation);
    if (typeof e.expression !== 'string') throw validationError(`body failed validation: ${where}.equation.expression should be defined.`);
    if (e.expression.length > 1000) throw validationError(`body failed validation: ${where}.equation.expression.length should be ≤ \`1000\`.`);
    return { type: 'equation', equation: { expression: e.expression }, annotations, plain_text: e.expression, href: null };
  }
  if (type === 'mention') {
    const m = asObject(raw.mention);
    const mtype = typeof m.type === 'string' ? m.type : Object.keys(m)[0];
    const inner = asObject(m[mtype]);
    if (mtype === 'page' || mtype === 'database') {
      const id = String(inner.id ?? '');
      const title = lookupTitle?.(id) ?? 'Untitled';
      return { type: 'mention', mention: { type: mtype, [mtype]: { id } }, annotations, plain_text: title, href: `https://www.notion.so/${id.replace(/-/g, '')}` };
    }
    if (mtype === 'user') {
      return { type: 'mention', mention: { type: 'user', user: { object: 'user', id: String(inner.id ?? '') } }, annotations, plain_text: '@Anonymous', href: null };
    }
    if (mtype === 'date') {
      return { type: 'mention', mention: { type: 'date', date: { start: String(inner.start ?? ''), end: inner.end ?? null, time_zone: null } }, annotations, plain_text: String(inner.start ?? ''), href: null };
    }
    throw validationError(`body failed validation: ${where}.mention type \`${mtype}\` is not supported by the emulator.`);
  }
  throw validationError(`body failed validation: ${where}.type should be one of text, mention, equation.`);
}

function pickAnnotations(a: Json): Partial<Annotations> {
  const out: Partial<Annotations> = {};
  for (const k of ['bold', 'italic', 'strikethrough', 'underline', 'code'] as const) if (typeof a[k] === 'boolean') out[k] = a[k];
  if (typeof a.color === 'string') out.color = a.color;
  return out;
}
