// Local HTTP receiver for Notion webhooks. Notion needs a public HTTPS URL, so
// in practice a tunnel (cloudflared, ngrok) forwards to this loopback server.
//
// Two routes only: POST the webhook path, GET the status path. A delivery is
// answered 200 only after the sink has durably queued it, so a crash before
// that makes Notion retry instead of losing the event.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@notionhq/client';
import { nullLogger, type Logger } from '../logger';
import { checkLimits, ConnectionGuard, type ConnectionLimits } from './connections';
import {
  eventToOperation,
  isVerificationHandshake,
  parseWebhookEvent,
  WebhookEventValidationError,
  type NotionWebhookEvent,
} from './events';

export const WEBHOOK_PATH = '/api/v0/notion/webhook';
export const STATUS_PATH = '/api/v0/notion/status';
export const DEFAULT_WEBHOOK_HOST = '127.0.0.1';
export const DEFAULT_WEBHOOK_PORT = 8766;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Implemented by the engine: durable enqueue, event-id dedupe, token storage. */
export interface WebhookSink {
  getVerificationToken(): Promise<string | undefined>;
  saveVerificationToken(token: string): Promise<void>;
  accept(event: NotionWebhookEvent, operation: ReturnType<typeof eventToOperation>): Promise<'queued' | 'duplicate' | 'ignored'>;
  /** Queue health for GET status; must hold no secrets. */
  status(): Promise<Record<string, unknown>>;
}

export interface WebhookReceiverOptions {
  /** Default 127.0.0.1; anything non-loopback logs a warning. */
  host?: string;
  /** Default 8766; 0 picks a free port. */
  port?: number;
  /** Default 1 MB; larger bodies get 413 and are not read. */
  maxBodyBytes?: number;
  sink: WebhookSink;
  logger?: Logger;
  /** Time allowed to send the request headers (slowloris guard). Default 5 s. */
  headersTimeoutMs?: number;
  /** Time allowed to send the whole request, headers and body. Default 10 s. */
  requestTimeoutMs?: number;
  /** Connections open at once, all peers together (default 64); the oldest idle one makes room for a newcomer. */
  maxConnections?: number;
  /** Connections open at once from one address (default 16). */
  maxConnectionsPerPeer?: number;
  /** A connection with no request in progress is closed after this long (default 5 s, at least the headers timeout + 1 s). */
  idleTimeoutMs?: number;
}

export type WebhookAcceptResult = Awaited<ReturnType<WebhookSink['accept']>>;

/** Results the webhook route can answer with in `{"ok":true,"result":…}`. */
export type WebhookResult = WebhookAcceptResult | 'verification_token_stored' | 'verification_token_unchanged';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
// Headers that tunnels and proxies add: their presence means the request did
// not come from this machine, whatever the socket address says.
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'cf-connecting-ip', 'x-real-ip', 'ngrok-trace-id'];

function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class WebhookReceiver {
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly maxBodyBytes: number;
  private readonly sink: WebhookSink;
  private readonly log: Logger;
  private readonly headersTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly guardLimits: ConnectionLimits;
  private server: http.Server | undefined;
  private guard: ConnectionGuard | undefined;
  private boundPort: number | undefined;
  private starting: Promise<{ url: string }> | undefined;
  private lastRefusalWarning = 0;

  constructor(options: WebhookReceiverOptions) {
    this.host = options.host ?? DEFAULT_WEBHOOK_HOST;
    this.requestedPort = options.port ?? DEFAULT_WEBHOOK_PORT;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.sink = options.sink;
    this.log = options.logger ?? nullLogger;
    this.headersTimeoutMs = options.headersTimeoutMs ?? 5_000;
    this.requestTimeoutMs = Math.max(options.requestTimeoutMs ?? 10_000, this.headersTimeoutMs);
    this.guardLimits = {
      maxTotal: options.maxConnections ?? 64,
      maxPerPeer: options.maxConnectionsPerPeer ?? 16,
      // Node answers a slow request 408 before the sweep would close it silently.
      idleMs: options.idleTimeoutMs ?? Math.max(5_000, this.headersTimeoutMs + 1_000),
    };
    checkLimits(this.guardLimits);
    if (!Number.isInteger(this.requestedPort) || this.requestedPort < 0 || this.requestedPort > 65535) {
      throw new RangeError(`webhook port must be an integer 0-65535, got ${this.requestedPort}`);
    }
    if (!Number.isInteger(this.maxBodyBytes) || this.maxBodyBytes < 1) {
      throw new RangeError(`maxBodyBytes must be a positive integer, got ${this.maxBodyBytes}`);
    }
  }

  get running(): boolean {
    return this.server !== undefined && this.boundPort !== undefined;
  }

  /** The bound port while running (the real one when 0 was asked for). */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** The local webhook URL while running. */
  get url(): string | undefined {
    if (this.boundPort === undefined) return undefined;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.boundPort}${WEBHOOK_PATH}`;
  }

  /** Starts listening; resolves with the local webhook URL. Idempotent while running. */
  start(): Promise<{ url: string }> {
    if (this.running && this.url) return Promise.resolve({ url: this.url });
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private listen(): Promise<{ url: string }> {
    const server = http.createServer({
      headersTimeout: this.headersTimeoutMs,
      requestTimeout: this.requestTimeoutMs,
      // Node checks the two timeouts above on this interval (default 30 s).
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(this.headersTimeoutMs / 4))),
      keepAliveTimeout: 5_000,
    });
    const guard = new ConnectionGuard(this.guardLimits, this.log);
    guard.attach(server);
    server.on('request', (req, res) => this.handle(req, res));
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      this.log.debug(`client error: ${err.code ?? ''} ${err.message}`);
      if (!socket.writable || socket.destroyed) return void socket.destroy();
      const status =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        guard.detach();
        server.close();
        const hint = err.code === 'EADDRINUSE' ? ` (port ${this.requestedPort} is in use: choose another port or 0 for a free one)` : '';
        reject(new Error(`webhook receiver could not listen on ${this.host}:${this.requestedPort}: ${err.message}${hint}`, { cause: err }));
      };
      server.once('error', onError);
      server.listen(this.requestedPort, this.host, () => {
        server.off('error', onError);
        server.on('error', (err) => this.log.error(`webhook receiver error: ${err.message}`));
        this.server = server;
        this.guard = guard;
        this.boundPort = (server.address() as AddressInfo).port;
        const url = this.url as string;
        if (!isLoopbackHost(this.host)) {
          this.log.warn(`webhook receiver is bound to ${this.host}, not loopback: other machines can reach it. Prefer 127.0.0.1 behind a tunnel.`);
        }
        this.log.info(`webhook receiver listening on ${url}`);
        resolve({ url });
      });
    });
  }

  /** Stops accepting, lets in-flight requests finish (up to 2 s), then closes. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.boundPort = undefined;
    this.guard?.detach();
    this.guard = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 2_000);
    try {
      await closed;
    } finally {
      clearTimeout(force);
    }
    this.log.info('webhook receiver stopped');
  }

  /**
   * Logs a refused delivery: at warn at most every 10 s, else at debug, so a
   * stranger hammering a public tunnel URL cannot flood the log.
   */
  private refused(message: string): void {
    const now = Date.now();
    if (now - this.lastRefusalWarning >= 10_000) {
      this.lastRefusalWarning = now;
      this.log.warn(message);
    } else {
      this.log.debug(message);
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'internal error';
      if (!(err instanceof HttpError)) this.log.error(`webhook request failed: ${err instanceof Error ? err.message : String(err)}`);
      this.send(req, res, status, { ok: false, error: message });
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === WEBHOOK_PATH) {
      if (req.method !== 'POST') return this.methodNotAllowed(req, res, 'POST');
      return this.webhook(req, res);
    }
    if (path === STATUS_PATH) {
      if (req.method !== 'GET') return this.methodNotAllowed(req, res, 'GET');
      return this.status(req, res);
    }
    this.send(req, res, 404, { ok: false, error: 'not found' });
  }

  private methodNotAllowed(req: http.IncomingMessage, res: http.ServerResponse, allow: string): void {
    res.setHeader('Allow', allow);
    this.send(req, res, 405, { ok: false, error: `method not allowed; use ${allow}` });
  }

  private async status(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // The status route is for this machine only: not through a tunnel, and not
    // to a page that rebinds its own host name to 127.0.0.1 (DNS rebinding).
    if (!isLocalRequest(req)) throw new HttpError(403, 'the status endpoint is only served to local clients');
    this.send(req, res, 200, await this.sink.status());
  }

  private async webhook(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await this.readBody(req, res);
    if (body === undefined) return; // already answered 413
    const signature = req.headers['x-notion-signature'];
    const json = parseJson(body);
    const storedToken = await this.sink.getVerificationToken();
    if (storedToken === undefined || storedToken === '') return this.firstHandshake(req, res, json);

    // Once a token is stored, every request, a repeated handshake included,
    // must be signed with it: an unsigned handshake could otherwise replace
    // the token and let its sender forge events.
    const valid = await verifyWebhookSignature({
      body,
      signature: typeof signature === 'string' ? signature : undefined,
      verificationToken: storedToken,
    });
    if (!valid) this.refuseSignature(json, signature);
    if (!json.ok) throw new HttpError(400, 'body is not valid JSON');
    if (isVerificationHandshake(json.value)) {
      // Notion's "Resend token" for the subscription we already hold.
      const same = json.value.verification_token === storedToken;
      this.log.info(same ? 'verification token resent by Notion; unchanged' : 'signed handshake with a different token ignored');
      return this.send(req, res, 200, { ok: true, result: 'verification_token_unchanged' satisfies WebhookResult });
    }
    await this.acceptEvent(req, res, json.value);
  }

  /** No token stored yet: only Notion's verification handshake is taken (it carries the token). */
  private async firstHandshake(req: http.IncomingMessage, res: http.ServerResponse, json: ReturnType<typeof parseJson>): Promise<void> {
    if (json.ok && isVerificationHandshake(json.value)) {
      await this.sink.saveVerificationToken(json.value.verification_token);
      this.log.info(
        "Notion sent the webhook verification token. Run 'Notion Sync: Copy Webhook URL and Verification Token' " +
          "and paste the token into 'Verify subscription' in the Notion integration's Webhooks settings.",
      );
      return this.send(req, res, 200, { ok: true, result: 'verification_token_stored' satisfies WebhookResult });
    }
    this.refused('webhook delivery refused: no verification token stored yet (create the subscription in Notion first)');
    throw new HttpError(503, 'no verification token stored yet: create the webhook subscription in Notion so it sends one');
  }

  private refuseSignature(json: ReturnType<typeof parseJson>, signature: string | string[] | undefined): never {
    if (json.ok && isVerificationHandshake(json.value)) {
      this.refused(
        'a new webhook verification token arrived but another one is already stored; it was refused. ' +
          'If you recreated the subscription in Notion, clear the stored token and press "Resend token" in Notion.',
      );
    } else {
      this.refused(`webhook delivery refused: ${signature === undefined ? 'no' : 'wrong'} X-Notion-Signature`);
    }
    throw new HttpError(401, signature === undefined ? 'missing X-Notion-Signature' : 'invalid X-Notion-Signature');
  }

  /** A signed event: validated, turned into an operation, acknowledged once the sink has queued it durably. */
  private async acceptEvent(req: http.IncomingMessage, res: http.ServerResponse, value: unknown): Promise<void> {
    let event: NotionWebhookEvent;
    try {
      event = parseWebhookEvent(value);
    } catch (err) {
      if (err instanceof WebhookEventValidationError) {
        this.refused(`webhook delivery rejected: ${err.message}`);
        throw new HttpError(400, err.message);
      }
      throw err;
    }
    const operation = eventToOperation(event);
    if (operation === null) this.log.debug(`webhook event ${event.id} (${event.type}) needs no sync; acknowledged`);
    const result = await this.sink.accept(event, operation);
    const attempt = event.attempt_number && event.attempt_number > 1 ? `, attempt ${event.attempt_number}` : '';
    this.log.debug(`webhook event ${event.id} (${event.type} ${event.entity.id}${attempt}): ${result}`);
    this.send(req, res, 200, { ok: true, result });
  }

  /** Reads the raw body, or answers 413 and returns undefined when it is too big. */
  private readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer | undefined> {
    const tooLarge = () => {
      this.refused(`webhook delivery refused: body over ${this.maxBodyBytes} bytes`);
      // Close the connection rather than drain a body we will not read.
      res.setHeader('Connection', 'close');
      this.send(req, res, 413, { ok: false, error: `body larger than ${this.maxBodyBytes} bytes` }, () => req.socket.destroy());
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBodyBytes) {
      tooLarge();
      return Promise.resolve(undefined);
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (value: Buffer | undefined) => {
        if (done) return;
        done = true;
        req.off('data', onData);
        resolve(value);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          req.pause();
          tooLarge();
          finish(undefined);
          return;
        }
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => finish(Buffer.concat(chunks, size)));
      req.once('error', (err) => {
        if (!done) {
          done = true;
          reject(new HttpError(400, `request body could not be read: ${err.message}`));
        }
      });
      // The client went away mid-body: nobody is left to answer.
      req.once('close', () => {
        if (!req.complete) finish(undefined);
      });
    });
  }

  private send(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown, onFinish?: () => void): void {
    if (res.headersSent || res.destroyed) {
      onFinish?.();
      return;
    }
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(text, onFinish);
    if (status >= 500) this.log.debug(`${req.method} ${pathOf(req.url)} -> ${status}`);
  }
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

function isLocalRequest(req: http.IncomingMessage): boolean {
  if (FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  const host = req.headers.host;
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return isLoopbackHost(name.toLowerCase());
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
