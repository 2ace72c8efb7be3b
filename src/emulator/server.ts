// startEmulator(): the local Notion API emulator over node:http.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prefixed, silentLogger, type Logger } from './log';
import { resolveControl } from './controlApi';
import { Emulator } from './emulator';
import { ApiError } from './errors';
import { newId } from './ids';
import { isObject } from './json';
import { FILES_PATH } from './files';
import { delay, MAX_SEND_BYTES, parseJsonBody, readBody, sendJson } from './http';
import { pickFault, sampleLatency, type Knobs } from './knobs';
import { committed503, faultError } from './faults';
import { applyKnobs } from './knobsInput';
import { resolveRoute, type RouteContext } from './router';
// The route modules register their handlers with the router when loaded.
import './publicApi';
import './markdownApi';
import './fileUploadApi';
import type { SeedName } from './seed';

export { DEMO_IDS } from './seed';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  seed?: SeedName;
  /** Generate N extra pages under a "Bench" root, for benchmarks. */
  pages?: number;
  /** Generate N rows in a "Bench Items" database under the Bench root. */
  rows?: number;
  /** When set, only this bearer token is accepted; otherwise any non-empty one. */
  token?: string;
  /** Requests per second; 0/undefined = off. */
  rateLimit?: number;
  /** 0..1 */
  faultRate?: number;
  latencyMs?: number;
  /** Any other knob (budgets, drift, plan…); the same names as the control API's. */
  knobs?: Partial<Knobs>;
  logger?: Logger;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  close(): Promise<void>;
}

export const SUPPORTED_VERSIONS = ['2025-09-03', '2026-03-11'];

function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

/** 2026-03-11 dropped `archived` in favour of `in_trash`. */
function stripArchived(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripArchived);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'archived' || !('in_trash' in value)) out[k] = stripArchived(v);
  return out;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const logger = prefixed(options.logger ?? silentLogger, 'emulator');
  const emu = new Emulator(logger, { seed: options.seed ?? 'demo', pages: options.pages ?? 0, rows: options.rows ?? 0 });
  emu.knobs.rateLimit = options.rateLimit ?? 0;
  emu.knobs.faultRate = options.faultRate ?? 0;
  emu.knobs.latencyMs = options.latencyMs ?? 0;
  if (options.knobs) applyKnobs(emu.knobs, options.knobs);

  const server = createServer((req, res) => {
    // Like Notion, the Date header and the edit times come from one clock (advanced by tests).
    res.setHeader('date', new Date(emu.clock.now()).toUTCString());
    handle(emu, options, req, res).catch((err: unknown) => {
      logger.error(err instanceof Error ? err : String(err));
      if (!res.headersSent) sendJson(res, 500, { object: 'error', status: 500, code: 'internal_server_error', message: 'Unexpected emulator error.' });
    });
  });
  server.keepAliveTimeout = 5000;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  emu.setBaseUrl(baseUrl);
  logger.info(`listening on ${baseUrl}`);
  return {
    baseUrl,
    close: async () => {
      emu.hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

async function handle(emu: Emulator, options: EmulatorOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/__control/')) return handleControl(emu, method, url, req, res);
  if (url.pathname.startsWith(FILES_PATH) && (method === 'GET' || method === 'HEAD')) return serveFile(emu, method, url, res);
  if (!url.pathname.startsWith('/v1/')) {
    sendJson(res, 404, { object: 'error', status: 404, code: 'invalid_request_url', message: 'Invalid request URL.' });
    return;
  }
  const requestId = newId();
  const entry = { method, path: url.pathname + url.search, status: 0, at: new Date().toISOString() };
  const log: RouteContext['log'] = {};
  const version = req.headers['notion-version'];
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    entry.status = status;
    emu.logRequest({ ...entry, ...(status === 200 ? log : {}) });
    emu.logger.debug(`${method} ${entry.path} → ${status}`);
    const shaped = version === '2026-03-11' ? stripArchived(body) : body;
    sendJson(res, status, shaped, { 'x-notion-request-id': requestId, ...headers });
  };
  try {
    const isSend = /^\/v1\/file_uploads\/[^/]+\/send\/?$/.test(url.pathname);
    const raw = await readBody(req, isSend ? MAX_SEND_BYTES : undefined);
    const wait = sampleLatency(emu.knobs);
    if (wait > 0) await delay(wait);
    const bearer = authenticate(req, options, version);
    emu.limits.admit(emu.knobs, bearer, emu.clock.now());
    const fault = pickFault(emu.knobs);
    if (fault === 'drop') {
      entry.status = 0;
      emu.logRequest({ ...entry, dropped: true });
      emu.logger.debug(`${method} ${entry.path} → connection dropped (fault)`);
      req.socket.destroy();
      return;
    }
    const isWrite = method !== 'GET';
    if (fault && !(fault === '503-committed' && isWrite)) throw faultError(fault);

    const { handler, params } = resolveRoute(method, url.pathname);
    const contentType = req.headers['content-type'] ?? '';
    const body = method === 'GET' || method === 'DELETE' || /^multipart\/form-data/i.test(contentType) ? {} : parseJsonBody(raw);
    if (version === '2026-03-11' && isObject(body)) {
      if ('archived' in body) throw new ApiError(400, 'validation_error', 'body failed validation: `archived` was replaced by `in_trash` in Notion-Version 2026-03-11.');
      if ('after' in body) throw new ApiError(400, 'validation_error', 'body failed validation: `after` was replaced by `position` in Notion-Version 2026-03-11.');
    }
    const started = Date.now();
    const result = await handler({ ws: emu.ws, search: emu.search, params, query: url.searchParams, body, actor: emu.ws.botId, workspaceName: emu.workspaceName, raw, contentType, log });
    // The write is saved; the answer says so instead of the object (Notion ran out of time building it).
    if (fault === '503-committed') throw committed503(method, url.pathname, params, result, Date.now() - started);
    reply(200, { ...result, request_id: requestId });
  } catch (err) {
    if (err instanceof ApiError) {
      reply(err.status, err.body(requestId), err.headers);
      return;
    }
    emu.logger.error(err instanceof Error ? err : String(err));
    reply(500, { object: 'error', status: 500, code: 'internal_server_error', message: 'Unexpected error occurred.', request_id: requestId });
  }
}

/** The bearer token, after Notion's authentication and version checks. */
function authenticate(req: IncomingMessage, options: EmulatorOptions, version: string | string[] | undefined): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!bearer || (options.token !== undefined && bearer !== options.token)) throw new ApiError(401, 'unauthorized', 'API token is invalid.');
  if (typeof version !== 'string' || version === '') {
    throw new ApiError(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
  }
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new ApiError(400, 'validation_error', `Notion-Version header failed validation: the emulator supports ${SUPPORTED_VERSIONS.join(' and ')}, instead was \`${version}\`.`);
  }
  return bearer;
}

/** Notion-hosted file bytes behind pre-signed URLs; an expired or forged URL gets S3's 403. */
function serveFile(emu: Emulator, method: string, url: URL, res: ServerResponse): void {
  const found = emu.ws.files.verify(url.pathname, url.searchParams);
  const log = (status: number, bytes: number) => emu.logFileRequest({ method, path: url.pathname, status, bytes, at: new Date().toISOString() });
  if (!('file' in found)) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${found.code}</Code><Message>${found.message}</Message></Error>`;
    const status = found.code === 'NoSuchKey' ? 404 : 403;
    log(status, 0);
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
    res.end(method === 'HEAD' ? undefined : xml);
    return;
  }
  const { file } = found;
  log(200, method === 'HEAD' ? 0 : file.bytes.length);
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length, etag: `"${file.id}"` });
  res.end(method === 'HEAD' ? undefined : file.bytes);
}

async function handleControl(emu: Emulator, method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    sendJson(res, 403, { object: 'error', status: 403, code: 'restricted_resource', message: 'The control API is loopback-only.' });
    return;
  }
  try {
    const raw = await readBody(req);
    const found = resolveControl(method, url.pathname);
    if (!found) throw new ApiError(404, 'object_not_found', `No control route ${method} ${url.pathname}.`);
    const body = raw.length ? parseJsonBody(raw) : {};
    const result = await found.handler(emu, found.params, isObject(body) ? body : {});
    sendJson(res, 200, result ?? { ok: true });
  } catch (err) {
    if (err instanceof ApiError) sendJson(res, err.status, err.body(newId()));
    else {
      emu.logger.error(err instanceof Error ? err : String(err));
      sendJson(res, 500, { object: 'error', status: 500, code: 'internal_server_error', message: String(err) });
    }
  }
}
