// Cursor pagination shared by every list endpoint. The cursor is the id of the
// next result, like Notion's; the 10,000-result query cap is applied here.
import { validationError } from './errors';
import type { Json } from './json';

export const MAX_PAGE_SIZE = 100;
export const QUERY_RESULT_CAP = 10_000;

export function pageSizeOf(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return MAX_PAGE_SIZE;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw validationError(`body failed validation: page_size should be an integer between 1 and ${MAX_PAGE_SIZE}, instead was \`${String(raw)}\`.`);
  }
  return n;
}

export function paginate<T>(
  items: T[],
  idOf: (item: T) => string,
  toJson: (item: T) => Json,
  startCursor: unknown,
  pageSize: unknown,
  listType: string,
  cap?: number,
): Json {
  const size = pageSizeOf(pageSize);
  let start = 0;
  if (startCursor !== undefined && startCursor !== null && startCursor !== '') {
    start = items.findIndex((i) => idOf(i) === startCursor);
    if (start < 0) throw validationError(`The start_cursor provided is invalid: ${String(startCursor)}`);
  }
  const limit = cap !== undefined ? Math.min(items.length, cap) : items.length;
  if (start >= limit && start > 0) throw validationError(`The start_cursor provided is invalid: ${String(startCursor)}`);
  const end = Math.min(start + size, limit);
  const hasMore = end < limit;
  const body: Json = {
    object: 'list',
    results: items.slice(start, end).map(toJson),
    next_cursor: hasMore ? idOf(items[end]) : null,
    has_more: hasMore,
    type: listType,
    [listType]: {},
  };
  if (cap !== undefined && items.length > cap && end >= limit) {
    body.request_status = { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' };
  }
  return body;
}
