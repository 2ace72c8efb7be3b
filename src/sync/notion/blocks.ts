// Splits block content to fit Notion's append limits: text runs ≤ 2,000
// chars, ≤ 100 rich-text items, ≤ 100 children and ≤ 2 nesting levels per
// request, ≤ 1,000 blocks and ~500 KB per payload. Pure: the gateway does I/O.
import type { BlockRequest } from './types';
import { MAX_ARRAY_ITEMS, MAX_TEXT_CONTENT, splitText } from './richText';

export const MAX_CHILDREN_PER_APPEND = 100;
export const MAX_BLOCKS_PER_PAYLOAD = 1000;
/** Below Notion's 500 KB so headers and escaping never tip a payload over. */
export const MAX_PAYLOAD_BYTES = 450_000;

/** Loose view of a block request: `{type, [type]: {rich_text?, children?, …}}`. */
type Body = Record<string, unknown> & { rich_text?: unknown[]; children?: BlockRequest[]; caption?: unknown[] };
interface TextItem {
  type?: string;
  text?: { content: string; link?: { url: string } | null };
  annotations?: Record<string, unknown>;
  [key: string]: unknown;
}

export function blockType(block: BlockRequest): string {
  const b = block as Record<string, unknown>;
  if (typeof b.type === 'string') return b.type;
  const key = Object.keys(b).find((k) => k !== 'object' && k !== 'type');
  return key ?? 'unknown';
}

function bodyOf(block: BlockRequest): Body {
  const value = (block as Record<string, unknown>)[blockType(block)];
  return value && typeof value === 'object' ? (value as Body) : {};
}

function withBody(block: BlockRequest, body: Body): BlockRequest {
  const type = blockType(block);
  return { ...(block as Record<string, unknown>), [type]: body } as BlockRequest;
}

export function childrenOf(block: BlockRequest): BlockRequest[] {
  return bodyOf(block).children ?? [];
}

export function withChildren(block: BlockRequest, children: BlockRequest[] | undefined): BlockRequest {
  const body = { ...bodyOf(block) };
  if (children === undefined || children.length === 0) delete body.children;
  else body.children = children;
  return withBody(block, body);
}

function sameStyle(a: TextItem, b: TextItem): boolean {
  return (
    (a.type ?? 'text') === 'text' &&
    (b.type ?? 'text') === 'text' &&
    JSON.stringify(a.annotations ?? {}) === JSON.stringify(b.annotations ?? {}) &&
    (a.text?.link?.url ?? null) === (b.text?.link?.url ?? null)
  );
}

/** Splits text items over 2,000 chars into runs carrying the same annotations and link. */
export function splitRichTextItems(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const raw of items) {
    const item = raw as TextItem;
    if ((item.type ?? 'text') !== 'text' || !item.text || item.text.content.length <= MAX_TEXT_CONTENT) {
      out.push(raw);
      continue;
    }
    for (const content of splitText(item.text.content)) out.push({ ...item, text: { ...item.text, content } });
  }
  return out;
}

/** Joins neighbouring runs of the same style while they stay ≤ 2,000 chars. */
export function mergeRichTextItems(items: readonly unknown[]): unknown[] {
  const out: TextItem[] = [];
  for (const raw of items) {
    const item = raw as TextItem;
    const last = out[out.length - 1];
    if (
      last &&
      last.text &&
      item.text &&
      sameStyle(last, item) &&
      last.text.content.length + item.text.content.length <= MAX_TEXT_CONTENT
    ) {
      out[out.length - 1] = { ...last, text: { ...last.text, content: last.text.content + item.text.content } };
    } else {
      out.push(item);
    }
  }
  return out;
}

/**
 * Makes one block fit the text limits. A block whose text needs more than
 * 100 runs becomes several consecutive blocks of the same type; its children
 * stay with the last one.
 */
export function splitBlock(block: BlockRequest): BlockRequest[] {
  const body = bodyOf(block);
  const fixed: Body = { ...body };
  if (Array.isArray(body.caption)) fixed.caption = splitRichTextItems(body.caption).slice(0, MAX_ARRAY_ITEMS);
  if (Array.isArray(body.children)) fixed.children = body.children.flatMap(splitBlock);
  if (Array.isArray(body.cells)) {
    fixed.cells = (body.cells as unknown[][]).map((cell) => mergeRichTextItems(splitRichTextItems(cell)));
  }
  if (!Array.isArray(body.rich_text)) return [withBody(block, fixed)];
  let runs = splitRichTextItems(body.rich_text);
  if (runs.length > MAX_ARRAY_ITEMS) runs = mergeRichTextItems(runs);
  if (runs.length <= MAX_ARRAY_ITEMS) return [withBody(block, { ...fixed, rich_text: runs })];
  const pieces: BlockRequest[] = [];
  for (let i = 0; i < runs.length; i += MAX_ARRAY_ITEMS) {
    const last = i + MAX_ARRAY_ITEMS >= runs.length;
    const piece: Body = { ...fixed, rich_text: runs.slice(i, i + MAX_ARRAY_ITEMS) };
    if (!last) delete piece.children;
    pieces.push(withBody(block, piece));
  }
  return pieces;
}

/** Children that could not go in this request: append them to the block at `path` afterwards. */
export interface DeferredChildren {
  /** Indices from the request's top-level block down to the new parent. */
  path: number[];
  children: BlockRequest[];
}

export interface AppendChunk {
  blocks: BlockRequest[];
  deferred: DeferredChildren[];
}

/** Top-level block cut to fit one payload; its whole subtree deferred if need be. */
function stripTop(block: BlockRequest, index: number, deferred: DeferredChildren[]): BlockRequest {
  const mark = deferred.length;
  const stripped = strip(block, 1, [index], deferred);
  if (countBlocks([stripped]) <= MAX_BLOCKS_PER_PAYLOAD) return stripped;
  deferred.length = mark;
  deferred.push({ path: [index], children: childrenOf(block) });
  return withChildren(block, undefined);
}

function countBlocks(blocks: readonly BlockRequest[]): number {
  return blocks.reduce((n, b) => n + 1 + countBlocks(childrenOf(b)), 0);
}

/**
 * Cuts a block's subtree to what one request may carry. Columns do not count
 * as a level (a column list is created together with its columns).
 */
function strip(block: BlockRequest, depth: number, path: number[], deferred: DeferredChildren[]): BlockRequest {
  const children = childrenOf(block);
  if (children.length === 0) return block;
  const type = blockType(block);
  const transparent = type === 'column_list';
  const childDepth = transparent ? depth : depth + 1;
  if (childDepth > 2) {
    deferred.push({ path, children });
    return withChildren(block, undefined);
  }
  const kept = children.slice(0, MAX_CHILDREN_PER_APPEND);
  const rest = children.slice(MAX_CHILDREN_PER_APPEND);
  const keptStripped = kept.map((child, i) => strip(child, childDepth, [...path, i], deferred));
  if (rest.length > 0) deferred.push({ path, children: rest });
  return withChildren(block, keptStripped);
}

/**
 * Plans the requests for appending `blocks` to one parent: text split, then
 * chunks of ≤ 100 top-level blocks, ≤ 1,000 blocks and ≤ 450 KB each, with
 * deeper levels deferred to follow-up requests.
 */
export function planAppend(blocks: readonly BlockRequest[]): AppendChunk[] {
  const prepared = blocks.flatMap(splitBlock);
  const chunks: AppendChunk[] = [];
  let current: AppendChunk = { blocks: [], deferred: [] };
  let count = 0;
  let bytes = 0;
  for (const block of prepared) {
    const deferred: DeferredChildren[] = [];
    const index = current.blocks.length;
    let stripped = stripTop(block, index, deferred);
    let size = countBlocks([stripped]);
    let weight = Buffer.byteLength(JSON.stringify(stripped), 'utf8');
    const full =
      current.blocks.length >= MAX_CHILDREN_PER_APPEND ||
      count + size > MAX_BLOCKS_PER_PAYLOAD ||
      bytes + weight > MAX_PAYLOAD_BYTES;
    if (full && current.blocks.length > 0) {
      chunks.push(current);
      current = { blocks: [], deferred: [] };
      count = 0;
      bytes = 0;
      deferred.length = 0;
      stripped = stripTop(block, 0, deferred);
      size = countBlocks([stripped]);
      weight = Buffer.byteLength(JSON.stringify(stripped), 'utf8');
    }
    current.blocks.push(stripped);
    current.deferred.push(...deferred);
    count += size;
    bytes += weight;
  }
  if (current.blocks.length > 0) chunks.push(current);
  return chunks;
}
