// Data source query filters and sorts, evaluated over stored pages.
import { validationError } from './errors';
import { Json, asArray, asObject, isObject } from './json';
import type { PageRec, PropSchema } from './model';
import { findSchema } from './properties';
import { plainText, type RichText } from './richText';
import type { Workspace } from './workspace';

type Predicate = (page: PageRec) => boolean;

const DAY = 86_400_000;

/** Compiles a Notion filter object; `depth` enforces the two-level nesting limit. */
export function compileFilter(filter: unknown, schema: PropSchema[], ws: Workspace, depth = 0): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isObject(filter)) throw validationError('body failed validation: body.filter should be an object.');
  if ('and' in filter || 'or' in filter) {
    if (depth >= 2) throw validationError('body failed validation: filter compound conditions can be nested at most two levels deep.');
    const key = 'and' in filter ? 'and' : 'or';
    const parts = asArray(filter[key]).map((f) => compileFilter(f, schema, ws, depth + 1));
    return key === 'and' ? (p) => parts.every((f) => f(p)) : (p) => parts.some((f) => f(p));
  }
  if (typeof filter.timestamp === 'string') {
    const ts = filter.timestamp;
    if (ts !== 'created_time' && ts !== 'last_edited_time') throw validationError(`body failed validation: filter.timestamp should be created_time or last_edited_time.`);
    const cond = asObject(filter[ts]);
    return (p) => dateMatches(minuteFloor(ts === 'created_time' ? p.createdTime : p.lastEditedTime), cond, ws.clock.now());
  }
  if (typeof filter.property !== 'string') throw validationError('body failed validation: filter should define `property`, `timestamp`, `and` or `or`.');
  const s = findSchema(schema, filter.property);
  if (!s) throw validationError(`Could not find property with name or id: ${filter.property}`);
  const kind = Object.keys(filter).find((k) => k !== 'property' && k !== 'type');
  if (!kind) throw validationError(`body failed validation: filter for ${s.name} needs a condition.`);
  const cond = asObject(filter[kind]);
  return (p) => matches(p, s, kind, cond, ws);
}

function minuteFloor(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function matches(page: PageRec, s: PropSchema, kind: string, cond: Json, ws: Workspace): boolean {
  const stored = page.properties[s.name]?.value;
  if (cond.is_empty === true) return isEmptyValue(comparable(page, s, stored));
  if (cond.is_not_empty === true) return !isEmptyValue(comparable(page, s, stored));
  const value = comparable(page, s, stored);
  switch (kind) {
    case 'title':
    case 'rich_text':
    case 'url':
    case 'email':
    case 'phone_number':
      return textMatches(typeof value === 'string' ? value : '', cond);
    case 'number': {
      const n = typeof value === 'number' ? value : null;
      if (n === null) return 'does_not_equal' in cond;
      if ('equals' in cond) return n === cond.equals;
      if ('does_not_equal' in cond) return n !== cond.does_not_equal;
      if ('greater_than' in cond) return n > Number(cond.greater_than);
      if ('less_than' in cond) return n < Number(cond.less_than);
      if ('greater_than_or_equal_to' in cond) return n >= Number(cond.greater_than_or_equal_to);
      if ('less_than_or_equal_to' in cond) return n <= Number(cond.less_than_or_equal_to);
      break;
    }
    case 'checkbox':
      if ('equals' in cond) return (value === true) === cond.equals;
      if ('does_not_equal' in cond) return (value === true) !== cond.does_not_equal;
      break;
    case 'select':
    case 'status': {
      const name = typeof value === 'string' ? value : null;
      if ('equals' in cond) return name === cond.equals;
      if ('does_not_equal' in cond) return name !== cond.does_not_equal;
      break;
    }
    case 'multi_select':
    case 'people':
    case 'relation': {
      const list = Array.isArray(value) ? (value as string[]) : [];
      if ('contains' in cond) return list.includes(String(cond.contains));
      if ('does_not_contain' in cond) return !list.includes(String(cond.does_not_contain));
      break;
    }
    case 'date':
    case 'created_time':
    case 'last_edited_time': {
      if (typeof value !== 'number') return false;
      return dateMatches(value, cond, ws.clock.now());
    }
    case 'formula':
      return textMatches(String(value ?? ''), asObject(cond.string ?? cond));
  }
  throw validationError(`body failed validation: unsupported ${kind} filter condition ${JSON.stringify(cond)}.`);
}

function textMatches(v: string, cond: Json): boolean {
  if ('equals' in cond) return v === cond.equals;
  if ('does_not_equal' in cond) return v !== cond.does_not_equal;
  if ('contains' in cond) return v.toLowerCase().includes(String(cond.contains).toLowerCase());
  if ('does_not_contain' in cond) return !v.toLowerCase().includes(String(cond.does_not_contain).toLowerCase());
  if ('starts_with' in cond) return v.toLowerCase().startsWith(String(cond.starts_with).toLowerCase());
  if ('ends_with' in cond) return v.toLowerCase().endsWith(String(cond.ends_with).toLowerCase());
  throw validationError(`body failed validation: unsupported text filter condition ${JSON.stringify(cond)}.`);
}

/** Date conditions; a date-only operand compares whole days (UTC). */
export function dateMatches(ms: number, cond: Json, now: number): boolean {
  const key = Object.keys(cond)[0];
  const operand = cond[key];
  if (key === 'past_week') return ms >= now - 7 * DAY && ms <= now;
  if (key === 'past_month') return ms >= now - 30 * DAY && ms <= now;
  if (key === 'past_year') return ms >= now - 365 * DAY && ms <= now;
  if (key === 'next_week') return ms >= now && ms <= now + 7 * DAY;
  if (key === 'next_month') return ms >= now && ms <= now + 30 * DAY;
  if (key === 'next_year') return ms >= now && ms <= now + 365 * DAY;
  if (key === 'this_week') return ms >= now - 7 * DAY && ms <= now + 7 * DAY;
  if (typeof operand !== 'string' || Number.isNaN(Date.parse(operand))) throw validationError(`body failed validation: date filter ${key} should be an ISO 8601 date.`);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(operand);
  const a = dayOnly ? Math.floor(ms / DAY) : ms;
  const b = dayOnly ? Math.floor(Date.parse(operand) / DAY) : Date.parse(operand);
  switch (key) {
    case 'equals':
      return a === b;
    case 'before':
      return a < b;
    case 'after':
      return a > b;
    case 'on_or_before':
      return a <= b;
    case 'on_or_after':
      return a >= b;
  }
  throw validationError(`body failed validation: unsupported date filter condition ${key}.`);
}

/** A property's value in a form filters and sorts compare. */
function comparable(page: PageRec, s: PropSchema, stored: unknown): unknown {
  switch (s.type) {
    case 'title':
    case 'rich_text':
      return plainText((stored as RichText[] | undefined) ?? []);
    case 'select':
    case 'status':
      return stored ? (stored as { name: string }).name : null;
    case 'multi_select':
      return ((stored as Array<{ name: string }> | undefined) ?? []).map((o) => o.name);
    case 'date':
      return stored ? Date.parse((stored as { start: string }).start) : null;
    case 'created_time':
      return minuteFloor(page.createdTime);
    case 'last_edited_time':
      return minuteFloor(page.lastEditedTime);
    default:
      return stored ?? null;
  }
}

/** Compiles `sorts`; ties fall back to creation order, then id, for stable cursors. */
export function compileSorts(sorts: unknown, schema: PropSchema[]): (a: PageRec, b: PageRec) => number {
  const list = asArray(sorts).map((raw) => {
    const o = asObject(raw);
    const dir = o.direction === 'descending' ? -1 : 1;
    if (typeof o.timestamp === 'string') {
      const ts = o.timestamp;
      return (a: PageRec, b: PageRec) => dir * (ts === 'created_time' ? a.createdTime - b.createdTime : a.lastEditedTime - b.lastEditedTime);
    }
    const s = typeof o.property === 'string' ? findSchema(schema, o.property) : undefined;
    if (!s) throw validationError(`Could not find sort property with name or id: ${String(o.property)}`);
    return (a: PageRec, b: PageRec) => dir * compareValues(comparable(a, s, a.properties[s.name]?.value), comparable(b, s, b.properties[s.name]?.value));
  });
  return (a, b) => {
    for (const f of list) {
      const c = f(a, b);
      if (c) return c;
    }
    return a.createdTime - b.createdTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

function compareValues(a: unknown, b: unknown): number {
  if (isEmptyValue(a) && isEmptyValue(b)) return 0;
  if (isEmptyValue(a)) return 1; // empties sort last, like Notion
  if (isEmptyValue(b)) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}
