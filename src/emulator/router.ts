// The /v1 route table: handlers register by method and path pattern; the
// server resolves a request to its handler and validated path params.
import { ApiError, validationError } from './errors';
import { normalizeId } from './ids';
import type { Json } from './json';
import type { SearchIndex } from './searchIndex';
import type { Workspace } from './workspace';

export interface RouteContext {
  ws: Workspace;
  search: SearchIndex;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  /** The user the request acts as (the integration's bot). */
  actor: string;
  workspaceName: string;
  /** The raw body and its type, for multipart/form-data (file upload sends). */
  raw: Buffer;
  contentType: string;
  /** What the handler adds to this request's entry in the request log. */
  log: { blocksCovered?: number };
}

type Handler = (ctx: RouteContext) => Json | Promise<Json>;

interface Route {
  method: string;
  pattern: RegExp;
  /** Names of the path params, for validation messages. */
  names: string[];
  handler: Handler;
}

const routes: Route[] = [];
export function route(method: string, path: string, handler: Handler): void {
  const names: string[] = [];
  const pattern = new RegExp(`^${path.replace(/:([a-z_]+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}/?$`);
  routes.push({ method, pattern, names, handler });
}

/** Finds the handler for a request; throws Notion's errors for unknown URLs and bad ids. */
export function resolveRoute(method: string, path: string): { handler: Handler; params: string[] } {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params = m.slice(1).map((raw, i) => {
      const name = r.names[i];
      if (name === 'property_id') return decodeURIComponent(raw);
      const id = normalizeId(decodeURIComponent(raw));
      if (!id) throw validationError(`path failed validation: path.${name} should be a valid uuid, instead was \`"${decodeURIComponent(raw)}"\`.`);
      return id;
    });
    return { handler: r.handler, params };
  }
  if (pathMatched) throw new ApiError(400, 'invalid_request', `Unsupported request method ${method} for ${path}.`);
  throw new ApiError(400, 'invalid_request_url', 'Invalid request URL.');
}

