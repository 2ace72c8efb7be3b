// Block requests → validated BlockInput trees, with Notion's per-request limits:
// ≤ 100 items per array, ≤ 2 nesting levels, ≤ 1000 blocks per payload.
import { validationError } from './errors';
import { Json, asArray, asObject, isObject } from './json';
import type { BlockInput } from './model';
import { parseRichText } from './richText';

export const MAX_CHILDREN = 100;
export const MAX_BLOCKS_PER_REQUEST = 1000;
export const MAX_NESTING = 2;

export const TEXT_BLOCKS = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'heading_4',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
]);
const MEDIA_BLOCKS = new Set(['image', 'video', 'file', 'pdf', 'audio']);
const URL_BLOCKS = new Set(['bookmark', 'embed', 'link_preview']);
const EMPTY_BLOCKS = new Set(['divider', 'breadcrumb', 'column_list', 'column']);
const OTHER_BLOCKS = new Set(['code', 'equation', 'table', 'table_row', 'table_of_contents', 'synced_block']);

export function isCreatableType(type: string): boolean {
  return TEXT_BLOCKS.has(type) || MEDIA_BLOCKS.has(type) || URL_BLOCKS.has(type) || EMPTY_BLOCKS.has(type) || OTHER_BLOCKS.has(type);
}

type TitleLookup = (id: string) => string | undefined;

/** Parses a `children` array of a create/append request. */
export function parseChildren(value: unknown, where: string, lookup?: TitleLookup): BlockInput[] {
  if (!Array.isArray(value)) throw validationError(`body failed validation: ${where} should be an array, instead was \`${JSON.stringify(value)}\`.`);
  const counter = { n: 0 };
  const out = parseLevel(value, where, 1, counter, lookup);
  if (counter.n > MAX_BLOCKS_PER_REQUEST) {
    throw validationError(`body failed validation: the request contains ${counter.n} blocks; at most ${MAX_BLOCKS_PER_REQUEST} block elements are allowed per request.`);
  }
  return out;
}

function parseLevel(items: unknown[], where: string, level: number, counter: { n: number }, lookup?: TitleLookup): BlockInput[] {
  if (items.length > MAX_CHILDREN) throw validationError(`body failed validation: ${where}.length should be ≤ \`${MAX_CHILDREN}\`, instead was \`${items.length}\`.`);
  return items.map((raw, i) => {
    counter.n++;
    const w = `${where}[${i}]`;
    if (!isObject(raw)) throw validationError(`body failed validation: ${w} should be an object.`);
    const type = blockType(raw, w);
    const obj = asObject(raw[type]);
    const kids = obj.children;
    let children: BlockInput[] = [];
    if (kids !== undefined) {
      if (level >= MAX_NESTING) throw validationError(`body failed validation: ${w}.${type}.children should be not present, instead was \`${JSON.stringify(kids).slice(0, 60)}\`.`);
      children = parseLevel(asArray(kids), `${w}.${type}.children`, level + 1, counter, lookup);
    }
    const payload = normalizePayload(type, obj, `${w}.${type}`, lookup);
    if (type === 'table') validateTable(payload, children, w);
    return { type, payload, children };
  });
}

function blockType(raw: Json, where: string): string {
  const type = typeof raw.type === 'string' ? raw.type : Object.keys(raw).find((k) => k !== 'object' && k !== 'type');
  if (!type) throw validationError(`body failed validation: ${where} should define a block type.`);
  if (type === 'child_page' || type === 'child_database') {
    throw validationError(`body failed validation: ${where}: ${type} blocks cannot be created through this endpoint; create a page or database instead.`);
  }
  if (!isCreatableType(type)) throw validationError(`body failed validation: ${where}.type \`${type}\` is not a supported block type.`);
  if (!(type in raw)) throw validationError(`body failed validation: ${where}.${type} should be defined, instead was \`undefined\`.`);
  return type;
}

function validateTable(payload: Json, rows: BlockInput[], where: string): void {
  const width = payload.table_width;
  if (typeof width !== 'number' || width < 1) throw validationError(`body failed validation: ${where}.table.table_width should be a positive number.`);
  if (!rows.length) throw validationError(`body failed validation: ${where}.table.children should be defined (a table needs at least one row).`);
  for (const r of rows) {
    if (r.type !== 'table_row') throw validationError(`body failed validation: ${where}.table.children may only contain table_row blocks.`);
    if ((r.payload.cells as unknown[]).length !== width) throw validationError(`body failed validation: table_row cells should have length ${width}.`);
  }
}

/** The stored `[type]` object for a block, with Notion's defaults filled in. */
export function normalizePayload(type: string, obj: Json, where: string, lookup?: TitleLookup): Json {
  const color = typeof obj.color === 'string' ? obj.color : 'default';
  if (TEXT_BLOCKS.has(type)) {
    const out: Json = { rich_text: parseRichText(obj.rich_text ?? [], `${where}.rich_text`, lookup), color };
    if (type === 'to_do') out.checked = obj.checked === true;
    if (type.startsWith('heading_')) out.is_toggleable = obj.is_toggleable === true;
    if (type === 'callout') out.icon = isObject(obj.icon) ? obj.icon : { type: 'emoji', emoji: '💡' };
    return out;
  }
  if (MEDIA_BLOCKS.has(type)) {
    const caption = parseRichText(obj.caption ?? [], `${where}.caption`, lookup);
    const name = type === 'file' && typeof obj.name === 'string' ? { name: obj.name } : {};
    // An upload attached by id; the route swaps it for the hosted file (attachUploads).
    if (obj.type === 'file_upload' || isObject(obj.file_upload)) {
      const id = asObject(obj.file_upload).id;
      if (typeof id !== 'string') throw validationError(`body failed validation: ${where}.file_upload.id should be defined.`);
      return { caption, type: 'file_upload', file_upload: { id }, ...name };
    }
    // A Notion-hosted file already in the workspace (seeds, kept blocks).
    if (obj.type === 'file' && typeof asObject(obj.file).file_id === 'string') return { caption, type: 'file', file: { file_id: asObject(obj.file).file_id }, ...name };
    const ext = asObject(obj.external);
    const file = asObject(obj.file);
    const url = typeof ext.url === 'string' ? ext.url : typeof file.url === 'string' ? file.url : undefined;
    if (!url) throw validationError(`body failed validation: ${where}.external.url should be defined.`);
    if (url.length > 2000) throw validationError(`body failed validation: ${where}.external.url.length should be ≤ \`2000\`.`);
    const out: Json = { caption: parseRichText(obj.caption ?? [], `${where}.caption`, lookup), type: 'external', external: { url } };
    if (type === 'file' && typeof obj.name === 'string') out.name = obj.name;
    return out;
  }
  if (URL_BLOCKS.has(type)) {
    if (typeof obj.url !== 'string') throw validationError(`body failed validation: ${where}.url should be defined.`);
    return type === 'link_preview' ? { url: obj.url } : { caption: parseRichText(obj.caption ?? [], `${where}.caption`, lookup), url: obj.url };
  }
  if (EMPTY_BLOCKS.has(type)) return {};
  switch (type) {
    case 'code':
      return {
        caption: parseRichText(obj.caption ?? [], `${where}.caption`, lookup),
        rich_text: parseRichText(obj.rich_text ?? [], `${where}.rich_text`, lookup),
        language: typeof obj.language === 'string' ? obj.language : 'plain text',
      };
    case 'equation': {
      if (typeof obj.expression !== 'string') throw validationError(`body failed validation: ${where}.expression should be defined.`);
      if (obj.expression.length > 1000) throw validationError(`body failed validation: ${where}.expression.length should be ≤ \`1000\`.`);
      return { expression: obj.expression };
    }
    case 'table':
      return { table_width: obj.table_width, has_column_header: obj.has_column_header === true, has_row_header: obj.has_row_header === true };
    case 'table_row':
      return { cells: asArray(obj.cells).map((c, i) => parseRichText(c, `${where}.cells[${i}]`, lookup)) };
    case 'table_of_contents':
      return { color };
    case 'synced_block': {
      // An original (`synced_from: null`) holds children; a reference names its original.
      const from = asObject(obj.synced_from);
      return { synced_from: typeof from.block_id === 'string' ? { type: 'block_id', block_id: from.block_id } : null };
    }
  }
  throw validationError(`body failed validation: ${where} is not supported.`);
}
