// Injected failures, shaped like Notion's: 500, 503, 529 `service_overload`,
// and a write that is saved but answered 503 (`retry_guidance`, committed ids).
import { ApiError } from './errors';
import type { Json } from './json';
import type { FaultKind } from './knobs';

/** Notion's budget for building a response before it gives up with a 503. */
export const RESPONSE_DEADLINE_MS = 55_000;

export function faultError(kind: Exclude<FaultKind, 'drop'>): ApiError {
  switch (kind) {
    case '500':
      return new ApiError(500, 'internal_server_error', 'Unexpected error occurred.');
    case '529':
      return new ApiError(529, 'service_overload', 'Notion is overloaded, please try again later.');
    default:
      // A 503 on a read: nothing was done.
      return new ApiError(503, 'service_unavailable', 'Notion is unavailable, please try again later.');
  }
}

/**
 * A 503 after the write was saved. A created page or database names its id in
 * `committed_resource_id`; appended children name their parent there and list
 * the direct children in `committed_child_ids`, in request order.
 */
export function committed503(method: string, path: string, params: string[], result: Json, elapsedMs: number): ApiError {
  const data: Json = {
    retry_guidance: ['The change was saved, but the response could not be built in time. Read the object again instead of repeating the write.'],
    from: `${method} ${path}`,
    elapsed_ms: elapsedMs,
    deadline_ms: RESPONSE_DEADLINE_MS,
  };
  if (method === 'POST' && (path === '/v1/pages' || path === '/v1/databases' || path === '/v1/data_sources')) data.committed_resource_id = result.id;
  if (method === 'PATCH' && /^\/v1\/blocks\/[^/]+\/children\/?$/.test(path)) {
    data.committed_resource_id = params[0];
    data.committed_child_ids = Array.isArray(result.results) ? result.results.map((r) => (r as Json).id) : [];
  }
  return new ApiError(503, 'service_unavailable', 'The request timed out after the change was saved.', {}, data);
}
