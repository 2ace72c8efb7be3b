// Page property values and data-source schemas: request parsing, response shapes.
import { newId, newPropertyId, normalizeId } from './ids';
import { validationError } from './errors';
import { Json, asArray, asObject, isObject } from './json';
import type { PageRec, PropSchema, PropValue } from './model';
import { parseRichText, plainText, type RichText } from './richText';
import { minuteIso } from './time';
import type { Workspace } from './workspace';

const READ_ONLY = new Set(['created_time', 'last_edited_time', 'created_by', 'last_edited_by', 'formula', 'rollup', 'unique_id']);
const COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'];

interface SelectOption {
  id: string;
  name: string;
  color: string;
  description?: string | null;
}

export function findSchema(schema: PropSchema[], key: string): PropSchema | undefined {
  return schema.find((s) => s.name === key) ?? schema.find((s) => s.id === key) ?? schema.find((s) => decodeURIComponent(s.id) === key);
}

/** Parses a `properties` request object against a schema into stored values keyed by name. */
export function parsePropertyValues(input: unknown, schema: PropSchema[], ws: Workspace): Record<string, PropValue> {
  if (input === undefined) return {};
  if (!isObject(input)) throw validationError('body failed validation: body.properties should be an object.');
  const out: Record<string, PropValue> = {};
  for (const [key, raw] of Object.entries(input)) {
    const s = findSchema(schema, key);
    if (!s) throw validationError(`${key} is not a property that exists.`);
    if (READ_ONLY.has(s.type)) throw validationError(`${s.name} is a read-only property (${s.type}) and cannot be set.`);
    const obj = asObject(raw);
    // Shorthand: a title given as an array, as some clients send.
    const value = Array.isArray(raw) ? raw : s.type in obj ? obj[s.type] : undefined;
    if (value === undefined && !Array.isArray(raw)) {
      const given = Object.keys(obj).filter((k) => k !== 'type' && k !== 'id');
      throw validationError(`${s.name} is expected to be ${s.type}${given.length ? `, not ${given[0]}` : ''}.`);
    }
    out[s.name] = { type: s.type, value: parseValue(s, value, ws) };
  }
  return out;
}

function parseValue(s: PropSchema, v: unknown, ws: Workspace): unknown {
  const where = `body.properties.${s.name}.${s.type}`;
  switch (s.type) {
    case 'title':
    case 'rich_text':
      return parseRichText(v, where, (id) => ws.titleById(id));
    case 'number':
      if (v !== null && typeof v !== 'number') throw validationError(`${where} should be a number or \`null\`.`);
      return v;
    case 'checkbox':
      if (typeof v !== 'boolean') throw validationError(`${where} should be a boolean.`);
      return v;
    case 'url':
    case 'email':
    case 'phone_number': {
      if (v !== null && typeof v !== 'string') throw validationError(`${where} should be a string or \`null\`.`);
      const max = s.type === 'url' ? 2000 : 200;
      if (typeof v === 'string' && v.length > max) throw validationError(`${where}.length should be ≤ \`${max}\`.`);
      return v === '' ? null : v;
    }
    case 'select':
      return v === null ? null : pickOption(s, asObject(v), true, where);
    case 'status':
      return v === null ? null : pickOption(s, asObject(v), false, where);
    case 'multi_select': {
      const items = asArray(v);
      if (items.length > 100) throw validationError(`${where}.length should be ≤ \`100\`.`);
      return items.map((i) => pickOption(s, asObject(i), true, where));
    }
    case 'date': {
      if (v === null) return null;
      const d = asObject(v);
      if (typeof d.start !== 'string' || Number.isNaN(Date.parse(d.start))) throw validationError(`${where}.start should be a valid ISO 8601 date string.`);
      if (d.end !== undefined && d.end !== null && (typeof d.end !== 'string' || Number.isNaN(Date.parse(d.end)))) {
        throw validationError(`${where}.end should be a valid ISO 8601 date string or \`null\`.`);
      }
      return { start: d.start, end: d.end ?? null, time_zone: typeof d.time_zone === 'string' ? d.time_zone : null };
    }
    case 'people': {
      const items = asArray(v);
      if (items.length > 100) throw validationError(`${where}.length should be ≤ \`100\`.`);
      return items.map((i) => {
        const id = normalizeId(asObject(i).id);
        if (!id || !ws.users.has(id)) throw validationError(`${where} contains an unknown user id \`${String(asObject(i).id)}\`.`);
        return id;
      });
    }
    case 'relation': {
      const items = asArray(v);
      if (items.length > 100) throw validationError(`${where}.length should be ≤ \`100\`.`);
      return items.map((i) => {
        const id = normalizeId(asObject(i).id);
        if (!id) throw validationError(`${where} contains an invalid page id.`);
        return id;
      });
    }
    default:
      throw validationError(`Property type ${s.type} is not supported by the emulator.`);
  }
}

function pickOption(s: PropSchema, req: Json, create: boolean, where: string): SelectOption {
  const options = (s.config.options as SelectOption[] | undefined) ?? [];
  const found = (typeof req.id === 'string' && options.find((o) => o.id === req.id)) || (typeof req.name === 'string' && options.find((o) => o.name === req.name));
  if (found) return { id: found.id, name: found.name, color: found.color };
  if (!create || typeof req.name !== 'string') throw validationError(`${where}: option \`${String(req.name ?? req.id)}\` does not exist.`);
  if (req.name.includes(',')) throw validationError(`${where}: option names cannot contain commas.`);
  const color = typeof req.color === 'string' && COLORS.includes(req.color) ? req.color : COLORS[options.length % COLORS.length];
  const option: SelectOption = { id: newPropertyId(), name: req.name, color, description: null };
  s.config.options = [...options, option];
  return { id: option.id, name: option.name, color: option.color };
}

/** Notion's page objects hold at most 25 references per relation or people property. */
export const PAGE_OBJECT_REFERENCES = 25;

/** Every item of a paginated property (title, rich_text, people, relation), uncut. */
export function propertyItems(page: PageRec, s: PropSchema, ws: Workspace): unknown[] {
  const stored = page.properties[s.name]?.value;
  if (s.type === 'people') return ((stored as string[] | undefined) ?? []).map((id) => userJson(ws, id));
  if (s.type === 'relation') return ((stored as string[] | undefined) ?? []).map((id) => ({ id }));
  return (stored as unknown[] | undefined) ?? [];
}

/** The response value of one property (`{id, type, [type]: …}`). */
export function serializeProperty(page: PageRec, s: PropSchema, ws: Workspace): Json {
  const stored = page.properties[s.name];
  const out: Json = { id: s.id, type: s.type };
  switch (s.type) {
    case 'title':
    case 'rich_text':
    case 'multi_select':
      out[s.type] = stored?.value ?? [];
      break;
    case 'people':
      // Page objects carry at most 25 people, cut silently; the property-item endpoint has them all.
      out.people = ((stored?.value as string[] | undefined) ?? []).slice(0, PAGE_OBJECT_REFERENCES).map((id) => userJson(ws, id));
      break;
    case 'relation': {
      const all = (stored?.value as string[] | undefined) ?? [];
      out.relation = all.slice(0, PAGE_OBJECT_REFERENCES).map((id) => ({ id }));
      out.has_more = all.length > PAGE_OBJECT_REFERENCES;
      break;
    }
    case 'checkbox':
      out.checkbox = stored?.value ?? false;
      break;
    case 'created_time':
      out.created_time = minuteIso(page.createdTime);
      break;
    case 'last_edited_time':
      out.last_edited_time = minuteIso(page.lastEditedTime);
      break;
    case 'created_by':
      out.created_by = userJson(ws, page.createdBy);
      break;
    case 'last_edited_by':
      out.last_edited_by = userJson(ws, page.lastEditedBy);
      break;
    case 'formula':
      out.formula = evaluateFormula(page, s, ws);
      break;
    default:
      out[s.type] = stored?.value ?? null;
  }
  return out;
}

/** The emulator's formulas are deliberately tiny: `prop("Name")` echoes a property as a string. */
function evaluateFormula(page: PageRec, s: PropSchema, ws: Workspace): Json {
  const expr = String(s.config.expression ?? '');
  const m = /^prop\("([^"]+)"\)$/.exec(expr.trim());
  if (!m) return { type: 'string', string: expr };
  const target = ws.schemaOf(page).find((x) => x.name === m[1]);
  if (!target) return { type: 'string', string: null };
  return { type: 'string', string: propertyAsText(page, target, ws) };
}

export function propertyAsText(page: PageRec, s: PropSchema, ws: Workspace): string | null {
  const v = page.properties[s.name]?.value;
  if (v === undefined || v === null) return null;
  if (s.type === 'title' || s.type === 'rich_text') return plainText(v as RichText[]);
  if (s.type === 'select' || s.type === 'status') return (v as SelectOption).name;
  if (s.type === 'multi_select') return (v as SelectOption[]).map((o) => o.name).join(', ');
  if (s.type === 'date') return (v as { start: string }).start;
  if (s.type === 'people') return (v as string[]).map((id) => ws.users.get(id)?.name ?? id).join(', ');
  return String(v);
}

export function userJson(ws: Workspace, id: string): Json {
  const u = ws.users.get(id);
  if (!u) return { object: 'user', id };
  const base: Json = { object: 'user', id: u.id, name: u.name, avatar_url: u.avatarUrl, type: u.type };
  if (u.type === 'person') base.person = u.email ? { email: u.email } : {};
  else base.bot = {};
  return base;
}

/** The response schema of a data source (`properties` keyed by name). */
export function serializeSchema(props: PropSchema[]): Json {
  const out: Json = {};
  for (const s of props) out[s.name] = { id: s.id, name: s.name, type: s.type, description: null, [s.type]: s.config };
  return out;
}

/** Builds a schema entry for seeds and the control API. */
export function schemaEntry(name: string, type: string, config: Json = {}): PropSchema {
  const withOptions = (names: unknown): SelectOption[] =>
    asArray(names).map((n, i) =>
      typeof n === 'string' ? { id: newPropertyId(), name: n, color: COLORS[(i + 1) % COLORS.length], description: null } : (n as SelectOption),
    );
  let cfg: Json = config;
  if (type === 'select' || type === 'multi_select') cfg = { options: withOptions(config.options) };
  if (type === 'status') {
    const options = withOptions(config.options ?? ['Not started', 'In progress', 'Done']);
    cfg = {
      options,
      groups: [
        { id: newId(), name: 'To-do', color: 'gray', option_ids: options.slice(0, 1).map((o) => o.id) },
        { id: newId(), name: 'In progress', color: 'blue', option_ids: options.slice(1, -1).map((o) => o.id) },
        { id: newId(), name: 'Complete', color: 'green', option_ids: options.slice(-1).map((o) => o.id) },
      ],
    };
  }
  if (type === 'number') cfg = { format: config.format ?? 'number' };
  return { id: type === 'title' ? 'title' : newPropertyId(), name, type, config: cfg };
}

/** Parses a `properties` schema object from PATCH data_sources (add, rename, delete). */
export function applySchemaUpdate(current: PropSchema[], input: unknown): PropSchema[] {
  if (input === undefined) return current;
  if (!isObject(input)) throw validationError('body failed validation: body.properties should be an object.');
  let next = current.map((s) => ({ ...s }));
  for (const [key, raw] of Object.entries(input)) {
    const existing = findSchema(next, key);
    if (raw === null) {
      if (existing?.type === 'title') throw validationError('Cannot delete the title property.');
      next = next.filter((s) => s !== existing);
      continue;
    }
    const obj = asObject(raw);
    if (existing) {
      if (typeof obj.name === 'string') existing.name = obj.name;
      continue;
    }
    const type = Object.keys(obj).find((k) => k !== 'name' && k !== 'type' && k !== 'description') ?? String(obj.type ?? '');
    if (!type) throw validationError(`Property ${key} needs a type.`);
    next.push(schemaEntry(typeof obj.name === 'string' ? obj.name : key, type, asObject(obj[type])));
  }
  return next;
}
