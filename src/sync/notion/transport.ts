// Every HTTP request to Notion passes through one transport: the shared rate
// limiter, the per-request timeout, the caller's AbortSignal, and the retry
// policy that decides whether a failed call may be sent again.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, LogLevel } from '@notionhq/client';
import type { SupportedFetch, SupportedRequestInit } from '@notionhq/client/build/src/fetch-types';
import { type Logger, nullLogger, scoped } from '../logger';
import { backoffDelay, type BackoffOptions } from './backoff';
import { abortReason, type Clock, systemClock, throwIfAborted } from './clock';
import { BudgetLimiter, DEFAULT_REQUESTS_PER_MINUTE, type LimiterSlot, type LimiterStatus, type ThrottleReason } from './budgetLimiter';
import {
  type NotionError,
  NotionRateLimitedError,
  NotionRequestBlockedError,
  NotionUnavailableError,
  NotionValidationError,
  redact,
  toNotionError,
} from './errors';
import type { MarkdownVersion } from './markdownApi';
import type { GatewayStats } from './types';

export interface NotionGatewayOptions {
  token: string;
  baseUrl?: string;
  /**
   * The request budget per 60-second window (Notion: 180 on most plans, 600 on
   * Business and Enterprise). The limiter lowers it when Notion pushes back.
   */
  requestsPerMinute?: number;
  /**
   * A budget shared with other gateways of the same integration (the folders of a
   * multi-root window): Notion counts the token's requests, not each folder's.
   * When given, `requestsPerMinute` is the shared limiter's business.
   */
  limiter?: BudgetLimiter;
  /** For tests and benchmarks that think per second: `requestsPerMinute` / 60. Ignored when that is set. */
  requestsPerSecond?: number;
  /**
   * `markdown_version` on every markdown call (GET/PATCH page markdown, create
   * with markdown). Unset: none is sent and Notion answers in its default (v1).
   */
  markdownVersion?: MarkdownVersion;
  /** Per HTTP request, body included. */
  timeoutMs?: number;
  /** Retries after 5xx, timeouts and network errors. 429s have their own, larger budget. */
  maxRetries?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  /** For tests. */
  clock?: Clock;
  backoff?: BackoffOptions;
}

export { DEFAULT_REQUESTS_PER_MINUTE };
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 5;
/** A whole download of one hosted file (videos run to gigabytes). */
const FILE_TIMEOUT_MS = 10 * 60_000;
/** Notion's versions: the default one, and the one the markdown endpoints need. */
export const API_VERSION = '2025-09-03';
export const MARKDOWN_API_VERSION = '2026-03-11';

/**
 * How a failed request may be retried.
 * - `idempotent`: reads and absolute writes; retried on anything transient.
 * - `once`: retried only when the server says it did not apply it (429, 529,
 *   409); after an ambiguous failure (timeout, 5xx, network) the operation's
 *   `recover` looks at Notion first and may return the already-applied result.
 */
export type RetryPolicy = 'idempotent' | 'once';

export interface CallOptions<T> {
  policy: RetryPolicy;
  signal?: AbortSignal;
  recover?: (attemptStartedAt: number, error: NotionError) => Promise<T | undefined>;
}

interface CallContext {
  signal?: AbortSignal;
  /** The budget slot taken for this attempt's request, until send() uses it. */
  slot?: LimiterSlot;
}

export class NotionTransport {
  readonly stats: GatewayStats = { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
  readonly token: string;
  /** For the default Notion-Version. */
  readonly client: Client;
  /** For the markdown endpoints, which need a newer Notion-Version. */
  readonly markdownClient: Client;
  readonly markdownVersion: MarkdownVersion | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly backoff: BackoffOptions;
  readonly timeoutMs: number;
  private readonly limiter: BudgetLimiter;
  /** Set once Notion blocked the integration: every later call fails with it, unsent. */
  private blocked: NotionRequestBlockedError | undefined;
  private readonly context = new AsyncLocalStorage<CallContext>();
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private skewMs = 0;

  constructor(options: NotionGatewayOptions) {
    if (!options.token) throw new NotionValidationError('A Notion integration token is required', { code: 'missing_token' });
    this.token = options.token;
    this.clock = options.clock ?? systemClock;
    const perMinute = options.requestsPerMinute ?? (options.requestsPerSecond ? options.requestsPerSecond * 60 : DEFAULT_REQUESTS_PER_MINUTE);
    this.limiter = options.limiter ?? new BudgetLimiter({ requestsPerMinute: perMinute, clock: this.clock });
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRateLimitRetries = Math.max(10, this.maxRetries * 4);
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    this.log = scoped(options.logger ?? nullLogger, 'notion');
    this.client = this.makeClient(options.baseUrl, API_VERSION);
    this.markdownClient = this.makeClient(options.baseUrl, MARKDOWN_API_VERSION);
    this.markdownVersion = options.markdownVersion;
  }

  private makeClient(baseUrl: string | undefined, notionVersion: string): Client {
    const transport: SupportedFetch = (url, init) => this.send(url, init);
    const sdkLogger = (level: LogLevel, message: string, extra: Record<string, unknown>) => {
      const line = redact(`${message} ${JSON.stringify(extra)}`, this.token);
      if (level === LogLevel.ERROR || level === LogLevel.WARN) this.log.debug(`sdk ${level}: ${line}`);
    };
    return new Client({
      auth: this.token,
      baseUrl,
      fetch: transport,
      retry: false,
      // Our own AbortSignal timeout cuts the request; the SDK's race only backs it up.
      timeoutMs: this.timeoutMs + 5_000,
      logLevel: LogLevel.WARN,
      logger: sdkLogger,
      notionVersion,
    });
  }

  /**
   * How far Notion's clock is ahead of ours (negative: behind), from the Date
   * header of the latest response. The header has one-second resolution and is
   * read after the response travelled, so the estimate errs low.
   */
  get clockSkewMs(): number {
    return this.skewMs;
  }

  /** Notion's clock now, as far as the latest response tells. */
  serverNow(): number {
    return Date.now() + this.skewMs;
  }

  private noteServerDate(header: string | null): void {
    const server = header ? Date.parse(header) : NaN;
    if (Number.isFinite(server)) this.skewMs = server - Date.now();
  }

  /** Every HTTP request passes here: shared limiter, timeout, caller's signal. */
  private async send(url: string, init?: SupportedRequestInit) {
    const call = this.context.getStore();
    const signal = call?.signal;
    // The slot the call took before the SDK started (a second request of the same call takes its own).
    const slot = call?.slot ?? (await this.takeSlot(signal));
    if (call) call.slot = undefined;
    this.stats.requests++;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: init?.method,
        headers: init?.headers,
        body: init?.body,
        signal: combined,
      });
    } catch (e) {
      this.limiter.settle(slot, 'failed');
      throw e;
    }
    this.noteServerDate(response.headers.get('date'));
    const refused = response.status === 429 || response.status === 529;
    if (refused) this.stats.rateLimited++;
    this.limiter.settle(slot, refused ? 'refused' : 'accepted');
    return response;
  }

  /** A call that ended (or threw) before its request went out gives its slot back. */
  private releaseUnused(attempt: CallContext): void {
    if (attempt.slot) this.limiter.release(attempt.slot);
    attempt.slot = undefined;
  }

  private async takeSlot(signal: AbortSignal | undefined): Promise<LimiterSlot> {
    const { slot, waited } = await this.limiter.acquire(signal);
    this.stats.throttledMs += waited;
    return slot;
  }

  /**
   * A GET of a Notion-hosted file's signed URL. The file host is not the API:
   * no limiter, no Notion headers, and a longer timeout (files can be large).
   */
  fetchFile(url: string, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(Math.max(this.timeoutMs, FILE_TIMEOUT_MS));
    return this.fetchImpl(url, { method: 'GET', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  }

  /** The shared budget: its ceiling, what is in use, and any wait Notion imposed. */
  get rateLimit(): LimiterStatus {
    return this.limiter.status();
  }

  /** Called when the limiter pauses or changes its budget; returns an unsubscribe function. */
  onRateLimitChange(listener: (status: LimiterStatus) => void): () => void {
    return this.limiter.onChange(listener);
  }

  /** A 429 or 529 answer: pause every request of this transport, and adapt the budget. */
  private pushBack(error: NotionError, attempt: number): number {
    const wait = error.retryAfterMs ?? backoffDelay(attempt, this.backoff);
    const reason: ThrottleReason =
      error.status === 529
        ? 'overload'
        : error.rateLimitReason === 'public_api_space_request_rate_limit'
          ? 'workspace'
          : error.rateLimitReason === 'public_api_endpoint_rate_limit'
            ? 'endpoint'
            : 'connection';
    this.limiter.pushBack(reason, wait);
    this.log.debug(`HTTP ${error.status} (${error.rateLimitReason ?? reason}): pausing all requests for ${wait} ms`);
    return wait;
  }

  /** Runs one API call under the retry policy. */
  async call<T>(what: string, fn: () => Promise<T>, options: CallOptions<T>): Promise<T> {
    const { signal } = options;
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      throwIfAborted(signal);
      if (this.blocked) throw this.blocked;
      const startedAt = this.clock.now();
      // The wait for the budget comes before the SDK's call: its own timeout must cover the request only.
      const attempt: CallContext = { signal, slot: await this.takeSlot(signal) };
      try {
        return await this.context.run(attempt, fn);
      } catch (raw) {
        this.releaseUnused(attempt);
        if (signal?.aborted) throw abortReason(signal);
        const error = toNotionError(raw, this.token);
        if (error instanceof NotionRequestBlockedError) this.blocked ??= error;
        if (!error.retryable) throw error;
        const rateLimited = error instanceof NotionRateLimitedError || error.status === 529;
        const pausedFor = rateLimited ? this.pushBack(error, rateLimits) : undefined;
        const notApplied = rateLimited || (error instanceof NotionUnavailableError && !error.ambiguous);
        // A 503 that says the write was saved is checked, whatever the policy: repeating it could apply it twice.
        const saved = error.committed !== undefined && !!options.recover;
        if ((options.policy === 'once' && !notApplied) || saved) {
          if (!options.recover) throw error;
          // Even with no retries left: the caller must learn it was applied.
          this.log.info(`${what}: ${error.message}; checking whether it was applied before retrying`);
          const found = await options.recover(startedAt, error);
          if (found !== undefined) {
            this.log.info(`${what}: it was applied; not retrying`);
            return found;
          }
        }
        if (rateLimited ? rateLimits >= this.maxRateLimitRetries : failures >= this.maxRetries) throw error;
        const delay = pausedFor ?? error.retryAfterMs ?? backoffDelay(failures, this.backoff);
        if (rateLimited) rateLimits++;
        else failures++;
        this.stats.retries++;
        this.log.debug(`${what}: ${error.message}; retry in ${delay} ms`);
        await this.clock.sleep(delay, signal);
      } finally {
        this.releaseUnused(attempt);
      }
    }
  }

  /** Follows `next_cursor` pages of a list endpoint, each page under the retry policy. */
  async *paginate<R extends { next_cursor: string | null; has_more: boolean }>(
    what: string,
    fetchPage: (cursor: string | undefined) => Promise<R>,
    signal?: AbortSignal,
  ): AsyncGenerator<R> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.call(what, () => fetchPage(cursor), { policy: 'idempotent', signal });
      yield page;
      if (!page.has_more || !page.next_cursor) return;
      cursor = page.next_cursor;
    }
  }
}
