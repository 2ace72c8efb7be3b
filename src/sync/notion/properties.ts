// Page properties ⇄ typed, YAML-ready frontmatter values.
import type { UpdatePageParameters } from '@notionhq/client';
import { NotionValidationError } from './errors';
import { parseNotionId } from './ids';
import { stripPresignedParams } from './markdown';
import { MAX_ARRAY_ITEMS, plainText, richTextFromString } from './richText';
import type { NotionUser } from './types';

/** One property as the create/update page endpoints accept it. */
export type PropertyPayload = NonNullable<UpdatePageParameters['properties']>[string];

/** A property's schema entry; a data source's schema or one derived from a page. */
export interface PropertySchemaEntry {
  type: string;
  select?: { options: { name: string }[] };
  multi_select?: { options: { name: string }[] };
  status?: { options: { name: string }[] };
}

export type DateValue = string | { start: string; end?: string; timeZone?: string };

/** Property types the engine may write back. */
export const WRITABLE_TYPES = new Set([
  'title',
  'rich_text',
  'number',
  'select',
  'multi_select',
  'status',
  'date',
  'checkbox',
  'url',
  'email',
  'phone_number',
  'people',
  'relation',
]);

interface LooseValue {
  type: string;
  [key: string]: unknown;
}

interface LooseUser {
  id: string;
  name?: string | null;
}

function userLabel(user: unknown): string {
  const u = user as LooseUser;
  return typeof u.name === 'string' && u.name !== '' ? u.name : u.id;
}

function dateOut(value: unknown): DateValue | null {
  if (!value || typeof value !== 'object') return null;
  const d = value as { start: string; end?: string | null; time_zone?: string | null };
  if (!d.end && !d.time_zone) return d.start;
  return { start: d.start, ...(d.end ? { end: d.end } : {}), ...(d.time_zone ? { timeZone: d.time_zone } : {}) };
}

function formulaOut(value: unknown): unknown {
  const f = value as { type: string; string?: string | null; number?: number | null; boolean?: boolean | null; date?: unknown };
  switch (f.type) {
    case 'string':
      return f.string ?? null;
    case 'number':
      return f.number ?? null;
    case 'boolean':
      return f.boolean ?? null;
    case 'date':
      return dateOut(f.date);
    default:
      return null;
  }
}

function rollupOut(value: unknown): unknown {
  const r = value as { type: string; number?: number | null; date?: unknown; array?: unknown[] };
  switch (r.type) {
    case 'number':
      return r.number ?? null;
    case 'date':
      return dateOut(r.date);
    case 'array':
      return (r.array ?? []).map((item) => valueOut(item as LooseValue));
    default:
      return null;
  }
}

/** A property value to a YAML-ready value (strings, numbers, booleans, arrays, small objects). */
function valueOut(p: LooseValue): unknown {
  const v = p[p.type];
  switch (p.type) {
    case 'title':
    case 'rich_text':
      return plainText(v as { plain_text?: string }[]);
    case 'number':
    case 'checkbox':
    case 'url':
    case 'email':
    case 'phone_number':
    case 'created_time':
    case 'last_edited_time':
      return v ?? null;
    case 'select':
    case 'status':
      return v && typeof v === 'object' ? (v as { name: string }).name : null;
    case 'multi_select':
      return ((v as { name: string }[] | null) ?? []).map((o) => o.name);
    case 'date':
      return dateOut(v);
    case 'people':
      return ((v as unknown[] | null) ?? []).map(userLabel);
    case 'relation':
      return ((v as { id: string }[] | null) ?? []).map((r) => r.id);
    case 'created_by':
    case 'last_edited_by':
      return v ? userLabel(v) : null;
    case 'formula':
      return formulaOut(v);
    case 'rollup':
      return rollupOut(v);
    case 'unique_id': {
      const u = v as { prefix?: string | null; number: number | null } | null;
      if (!u || u.number === null) return null;
      return u.prefix ? `${u.prefix}-${u.number}` : u.number;
    }
    case 'files':
      return ((v as { name: string; type?: string; file?: { url: string }; external?: { url: string } }[] | null) ?? []).map(
        (f) => ({ name: f.name, url: stripPresignedParams(f.file?.url ?? f.external?.url ?? '') }),
      );
    case 'verification':
      return v && typeof v === 'object' ? (v as { state?: string }).state ?? null : null;
    default:
      return v === undefined ? null : (v as unknown);
  }
}

/**
 * Page properties to frontmatter values keyed by property name. `readOnly`
 * lists the names the engine must never push: computed types, and relations
 * the response cut short (`has_more`).
 */
export function propertiesToFrontmatter(properties: Record<string, unknown>): {
  values: Record<string, unknown>;
  readOnly: string[];
} {
  const values: Record<string, unknown> = {};
  const readOnly: string[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const p = raw as LooseValue;
    if (!p || typeof p.type !== 'string' || p.type === 'button') continue;
    values[name] = valueOut(p);
    if (!WRITABLE_TYPES.has(p.type) || (p.type === 'relation' && p.has_more === true)) readOnly.push(name);
  }
  return { values, readOnly };
}

/** The schema implied by a page's own properties (types only, no option lists). */
export function schemaFromProperties(properties: Record<string, unknown>): Record<string, PropertySchemaEntry> {
  const schema: Record<string, PropertySchemaEntry> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const p = raw as LooseValue;
    if (p && typeof p.type === 'string') schema[name] = { type: p.type };
  }
  return schema;
}

export interface FrontmatterToPropertiesOptions {
  /** Workspace users, to turn people names into ids. */
  users?: readonly NotionUser[];
  /** Skip read-only properties silently instead of rejecting them. */
  skipReadOnly?: boolean;
}

function fail(property: string, message: string): never {
  throw new NotionValidationError(`Property "${property}": ${message}`, { property, code: 'invalid_property' });
}

function isoDate(value: unknown, property: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(property, 'invalid date');
    const iso = value.toISOString();
    // YAML turns `2024-05-01` into a Date at UTC midnight: give back the plain date.
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  return fail(property, `expected a date (YYYY-MM-DD or ISO 8601), got ${JSON.stringify(value)}`);
}

function asList(value: unknown): unknown[] {
  if (value === null || value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function checkCount(property: string, items: unknown[]): void {
  if (items.length > MAX_ARRAY_ITEMS) fail(property, `has ${items.length} items; Notion accepts at most ${MAX_ARRAY_ITEMS}`);
}

function optionName(property: string, entry: PropertySchemaEntry, kind: 'select' | 'multi_select' | 'status', value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') fail(property, `expected an option name, got ${JSON.stringify(value)}`);
  const name = String(value);
  const options = entry[kind]?.options;
  if (options && !options.some((o) => o.name === name)) {
    const known = options.map((o) => `"${o.name}"`).join(', ') || 'none';
    fail(property, `"${name}" is not an option of this ${kind.replace('_', '-')} property (options: ${known})`);
  }
  if (name.includes(',') && kind === 'multi_select') fail(property, `option names cannot contain commas ("${name}")`);
  return name;
}

function personId(property: string, value: unknown, users: readonly NotionUser[] | undefined): string {
  if (typeof value !== 'string' || value.trim() === '') fail(property, `expected a person name or id, got ${JSON.stringify(value)}`);
  const text = value.trim();
  if (/^[0-9a-f]{32}$/i.test(text.replace(/-/g, '')) && (text.length === 32 || text.length === 36)) {
    return parseNotionId(text) ?? text;
  }
  const exact = (users ?? []).filter((u) => u.name === text);
  const matches = exact.length > 0 ? exact : (users ?? []).filter((u) => u.name.toLowerCase() === text.toLowerCase());
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length > 1) fail(property, `"${text}" matches ${matches.length} users; use the user id`);
  return fail(property, `no workspace user is named "${text}"; use a user id`);
}

function text(property: string, value: unknown, max: number): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') fail(property, `expected text, got ${JSON.stringify(value)}`);
  if (value.length > max) fail(property, `is ${value.length} characters; Notion accepts at most ${max}`);
  return value;
}

function toPayload(property: string, entry: PropertySchemaEntry, value: unknown, options: FrontmatterToPropertiesOptions): PropertyPayload {
  const rich = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v);
    try {
      return richTextFromString(s, `Property "${property}"`);
    } catch (error) {
      return fail(property, (error as Error).message);
    }
  };
  switch (entry.type) {
    case 'title':
      return { title: rich(value) };
    case 'rich_text':
      return { rich_text: rich(value) };
    case 'number': {
      if (value === null || value === undefined || value === '') return { number: null };
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (!Number.isFinite(n)) fail(property, `expected a number, got ${JSON.stringify(value)}`);
      return { number: n };
    }
    case 'checkbox':
      if (typeof value !== 'boolean') fail(property, `expected true or false, got ${JSON.stringify(value)}`);
      return { checkbox: value };
    case 'url':
      return { url: text(property, value, 2000) };
    case 'email':
      return { email: text(property, value, 200) };
    case 'phone_number':
      return { phone_number: text(property, value, 200) };
    case 'select':
      return { select: value === null || value === undefined || value === '' ? null : { name: optionName(property, entry, 'select', value) } };
    case 'status':
      if (value === null || value === undefined || value === '') fail(property, 'a status cannot be empty');
      return { status: { name: optionName(property, entry, 'status', value) } };
    case 'multi_select': {
      const items = asList(value);
      checkCount(property, items);
      return { multi_select: items.map((v) => ({ name: optionName(property, entry, 'multi_select', v) })) };
    }
    case 'date': {
      if (value === null || value === undefined || value === '') return { date: null };
      if (typeof value === 'object' && !(value instanceof Date)) {
        const d = value as { start?: unknown; end?: unknown; timeZone?: unknown; time_zone?: unknown };
        const zone = d.timeZone ?? d.time_zone;
        if (zone !== undefined && zone !== null && typeof zone !== 'string') fail(property, 'timeZone must be text');
        return {
          date: {
            start: isoDate(d.start, property),
            end: d.end === undefined || d.end === null ? null : isoDate(d.end, property),
            time_zone: typeof zone === 'string' ? (zone as never) : null,
          },
        };
      }
      return { date: { start: isoDate(value, property) } };
    }
    case 'people': {
      const items = asList(value);
      checkCount(property, items);
      return { people: items.map((v) => ({ id: personId(property, v, options.users), object: 'user' as const })) };
    }
    case 'relation': {
      const items = asList(value);
      checkCount(property, items);
      return {
        relation: items.map((v) => {
          const id = typeof v === 'string' ? parseNotionId(v) : null;
          if (!id) fail(property, `expected page ids, got ${JSON.stringify(v)}`);
          return { id };
        }),
      };
    }
    default:
      return fail(property, `"${entry.type}" properties are read-only in Notion and cannot be pushed`);
  }
}

/**
 * Frontmatter values to property payloads for create/update. Keys absent from
 * the schema are not properties (the engine's own keys) and are ignored.
 * Read-only properties and unknown select options throw NotionValidationError.
 */
export function frontmatterToProperties(
  values: Record<string, unknown>,
  schema: Record<string, PropertySchemaEntry>,
  options: FrontmatterToPropertiesOptions = {},
): Record<string, PropertyPayload> {
  const out: Record<string, PropertyPayload> = {};
  for (const [name, value] of Object.entries(values)) {
    const entry = schema[name];
    if (!entry) continue;
    if (!WRITABLE_TYPES.has(entry.type)) {
      if (options.skipReadOnly) continue;
      fail(name, `"${entry.type}" properties are read-only in Notion and cannot be pushed`);
    }
    out[name] = toPayload(name, entry, value, options);
  }
  return out;
}
