// The engine's only door to Notion. One rate limiter and one retry policy for
// every request of an instance; typed errors; normalised results.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Client,
  isFullBlock,
  isFullDatabase,
  isFullDataSource,
  isFullPage,
  LogLevel,
  type BlockObjectResponse,
  type CreatePageParameters,
  type QueryDataSourceParameters,
} from '@notionhq/client';
import type { SupportedFetch, SupportedRequestInit } from '@notionhq/client/build/src/fetch-types';
import { type Logger, nullLogger, scoped } from '../logger';
import { backoffDelay, type BackoffOptions } from './backoff';
import { blockType, planAppend } from './blocks';
import { abortReason, type Clock, systemClock, throwIfAborted } from './clock';
import {
  NotionError,
  NotionNotFoundError,
  NotionRateLimitedError,
  NotionUnavailableError,
  NotionValidationError,
  parseRetryAfter,
  redact,
  toNotionError,
} from './errors';
import { normaliseId, sameId } from './ids';
import { contentHash, detectLossy, extractResources, normaliseMarkdown } from './markdown';
import { normaliseDatabase, normaliseDataSource, normalisePage } from './normalise';
import type { PropertyPayload } from './properties';
import { RateLimiter } from './rateLimiter';
import { plainText, richTextFromString } from './richText';
import type {
  BlockRequest,
  ChildRef,
  CreateParent,
  GatewayStats,
  MarkdownUpdate,
  NotionDatabase,
  NotionDataSource,
  NotionPage,
  NotionUser,
  PageMarkdown,
  PulledBody,
  RawBlock,
  ResolvedRoot,
} from './types';

export interface NotionGatewayOptions {
  token: string;
  baseUrl?: string;
  /** Average rate of the shared limiter. Notion documents 3 per second. */
  requestsPerSecond?: number;
  /** Requests allowed back to back after an idle spell. */
  burst?: number;
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

export const DEFAULT_REQUESTS_PER_SECOND = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 5;
/** Notion's versions: the default one, and the one the markdown endpoints need. */
export const API_VERSION = '2025-09-03';
export const MARKDOWN_API_VERSION = '2026-03-11';
/** Rows one query can return before Notion stops with `query_result_limit_reached`. */
export const QUERY_RESULT_CAP = 10_000;
const MINUTE = 60_000;

/**
 * How a failed request may be retried.
 * - `idempotent`: reads and absolute writes; retried on anything transient.
 * - `once`: retried only when the server says it did not apply it (429, 529,
 *   409); after an ambiguous failure (timeout, 5xx, network) the operation's
 *   `recover` looks at Notion first and may return the already-applied result.
 */
type RetryPolicy = 'idempotent' | 'once';

interface CallOptions<T> {
  policy: RetryPolicy;
  signal?: AbortSignal;
  recover?: (attemptStartedAt: number, error: NotionError) => Promise<T | undefined>;
}

interface CallContext {
  signal?: AbortSignal;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

export class NotionGateway {
  readonly stats: GatewayStats = { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
  private readonly token: string;
  private readonly client: Client;
  private readonly markdownClient: Client;
  private readonly limiter: RateLimiter;
  private readonly context = new AsyncLocalStorage<CallContext>();
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;
  private readonly titleProperty = new Map<string, string>();
  /** Pages this instance created: never claimed again by a duplicate check. */
  private readonly created = new Set<string>();

  constructor(options: NotionGatewayOptions) {
    if (!options.token) throw new NotionValidationError('A Notion integration token is required', { code: 'missing_token' });
    this.token = options.token;
    this.clock = options.clock ?? systemClock;
    const rps = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    this.limiter = new RateLimiter({ requestsPerSecond: rps, burst: options.burst ?? Math.max(1, Math.ceil(rps)), clock: this.clock });
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRateLimitRetries = Math.max(10, this.maxRetries * 4);
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    this.log = scoped(options.logger ?? nullLogger, 'notion');
    const transport: SupportedFetch = (url, init) => this.send(url, init);
    const sdkLogger = (level: LogLevel, message: string, extra: Record<string, unknown>) => {
      const line = redact(`${message} ${JSON.stringify(extra)}`, this.token);
      if (level === LogLevel.ERROR || level === LogLevel.WARN) this.log.debug(`sdk ${level}: ${line}`);
    };
    const common = {
      auth: this.token,
      baseUrl: options.baseUrl,
      fetch: transport,
      retry: false as const,
      // Our own AbortSignal timeout cuts the request; the SDK's race only backs it up.
      timeoutMs: this.timeoutMs + 5_000,
      logLevel: LogLevel.WARN,
      logger: sdkLogger,
    };
    this.client = new Client({ ...common, notionVersion: API_VERSION });
    this.markdownClient = new Client({ ...common, notionVersion: MARKDOWN_API_VERSION });
  }

  // ---------------------------------------------------------------- transport

  private skewMs = 0;

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
    const signal = this.context.getStore()?.signal;
    const waited = await this.limiter.acquire(signal);
    this.stats.throttledMs += waited;
    this.stats.requests++;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const response = await this.fetchImpl(url, {
      method: init?.method,
      headers: init?.headers,
      body: init?.body,
      signal: combined,
    });
    this.noteServerDate(response.headers.get('date'));
    if (response.status === 429 || response.status === 529) {
      this.stats.rateLimited++;
      const wait = parseRetryAfter(response.headers.get('retry-after'), this.clock.now()) ?? backoffDelay(0, this.backoff);
      this.limiter.pause(wait);
      this.log.debug(`HTTP ${response.status}: pausing all requests for ${wait} ms`);
    }
    return response;
  }

  /** Runs one API call under the retry policy. */
  private async call<T>(what: string, fn: () => Promise<T>, options: CallOptions<T>): Promise<T> {
    const { signal } = options;
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      throwIfAborted(signal);
      const startedAt = this.clock.now();
      try {
        return await this.context.run({ signal }, fn);
      } catch (raw) {
        if (signal?.aborted) throw abortReason(signal);
        const error = toNotionError(raw, this.token);
        if (!error.retryable) throw error;
        const rateLimited = error instanceof NotionRateLimitedError || error.status === 529;
        const notApplied = rateLimited || (error instanceof NotionUnavailableError && !error.ambiguous);
        if (options.policy === 'once' && !notApplied) {
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
        const delay = error.retryAfterMs ?? backoffDelay(rateLimited ? rateLimits : failures, this.backoff);
        if (rateLimited) rateLimits++;
        else failures++;
        this.stats.retries++;
        this.log.debug(`${what}: ${error.message}; retry in ${delay} ms`);
        await this.clock.sleep(delay, signal);
      }
    }
  }

  /** Follows `next_cursor` pages of a list endpoint, each page under the retry policy. */
  private async *paginate<R extends { next_cursor: string | null; has_more: boolean }>(
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

  // -------------------------------------------------------------------- reads

  /** The integration's bot user; a wrong token throws NotionAuthError. */
  async me(signal?: AbortSignal): Promise<NotionUser> {
    const user = await this.call('me', () => this.client.users.me({}), { policy: 'idempotent', signal });
    return { id: user.id, name: user.name ?? '', type: user.type };
  }

  /** Workspace members and bots, to map people names to ids. */
  async listUsers(signal?: AbortSignal): Promise<NotionUser[]> {
    const users: NotionUser[] = [];
    for await (const page of this.paginate('list users', (c) => this.client.users.list({ start_cursor: c, page_size: 100 }), signal)) {
      for (const u of page.results) users.push({ id: u.id, name: u.name ?? '', type: u.type });
    }
    return users;
  }

  /**
   * Pages and data sources, most recently edited first. With `editedSince`
   * it stops at the first result edited more than a minute before it
   * (Notion rounds timestamps down to the minute).
   */
  async *search(
    options: { query?: string; filter?: 'page' | 'data_source'; editedSince?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<NotionPage | NotionDataSource> {
    const cutoff = options.editedSince ? Date.parse(options.editedSince) - MINUTE : undefined;
    const pages = this.paginate(
      'search',
      (cursor) =>
        this.client.search({
          ...(options.query ? { query: options.query } : {}),
          ...(options.filter ? { filter: { property: 'object', value: options.filter } } : {}),
          sort: { timestamp: 'last_edited_time', direction: 'descending' },
          start_cursor: cursor,
          page_size: 100,
        }),
      options.signal,
    );
    for await (const page of pages) {
      for (const result of page.results) {
        if (isFullPage(result)) {
          if (cutoff !== undefined && Date.parse(result.last_edited_time) < cutoff) return;
          yield normalisePage(result);
        } else if (isFullDataSource(result)) {
          if (cutoff !== undefined && Date.parse(result.last_edited_time) < cutoff) return;
          yield normaliseDataSource(result);
        }
      }
    }
  }

  async getPage(id: string, signal?: AbortSignal): Promise<NotionPage> {
    const pageId = normaliseId(id);
    const raw = await this.call('get page', () => this.client.pages.retrieve({ page_id: pageId }), { policy: 'idempotent', signal });
    if (!isFullPage(raw)) throw new NotionNotFoundError(`Page ${pageId} came back without its properties`);
    return normalisePage(raw);
  }

  /** The page body as Notion's enhanced markdown (API 2026-03-11), as sent. */
  async getPageMarkdown(id: string, signal?: AbortSignal): Promise<PageMarkdown> {
    const pageId = normaliseId(id);
    const raw = await this.call('get page markdown', () => this.markdownClient.pages.retrieveMarkdown({ page_id: pageId }), {
      policy: 'idempotent',
      signal,
    });
    return { markdown: raw.markdown, truncated: raw.truncated, unknownBlockIds: raw.unknown_block_ids ?? [] };
  }

  /**
   * The body as the engine stores it: normalised markdown, its content hash,
   * what it cannot represent, and the resources it points at. Blocks rendered
   * as `<unknown>` are fetched by id (only when there are any) so bookmarks
   * and embeds are not lost from the resource list.
   */
  async pullBody(id: string, signal?: AbortSignal): Promise<PulledBody> {
    const md = await this.getPageMarkdown(id, signal);
    const markdown = normaliseMarkdown(md.markdown);
    const lossy = detectLossy(md.markdown, md.truncated, md.unknownBlockIds);
    const blocks: RawBlock[] = [];
    for (const blockId of lossy?.unknownBlockIds ?? []) {
      try {
        blocks.push(await this.getBlock(blockId, signal));
      } catch (error) {
        if (!(error instanceof NotionNotFoundError)) throw error;
      }
    }
    return { markdown, hash: contentHash(markdown), lossy, resources: extractResources(markdown, blocks) };
  }

  async getBlock(id: string, signal?: AbortSignal): Promise<RawBlock> {
    const blockId = normaliseId(id);
    const raw = await this.call('get block', () => this.client.blocks.retrieve({ block_id: blockId }), { policy: 'idempotent', signal });
    if (!isFullBlock(raw)) throw new NotionNotFoundError(`Block ${blockId} came back partial`);
    return raw;
  }

  /** One level of a block's children, every page of them. */
  async *listChildren(blockId: string, signal?: AbortSignal): AsyncGenerator<RawBlock> {
    const id = normaliseId(blockId);
    const pages = this.paginate(
      'list children',
      (cursor) => this.client.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 }),
      signal,
    );
    for await (const page of pages) {
      for (const block of page.results) if (isFullBlock(block)) yield block;
    }
  }

  /** Sub-pages and databases directly inside a page, in page order. */
  async listChildPages(pageId: string, signal?: AbortSignal): Promise<ChildRef[]> {
    const refs: ChildRef[] = [];
    for await (const block of this.listChildren(pageId, signal)) {
      if (block.type === 'child_page') refs.push({ id: block.id, title: block.child_page.title, type: 'page' });
      else if (block.type === 'child_database') refs.push({ id: block.id, title: block.child_database.title, type: 'database' });
    }
    return refs;
  }

  async getDatabase(id: string, signal?: AbortSignal): Promise<NotionDatabase> {
    const databaseId = normaliseId(id);
    const raw = await this.call('get database', () => this.client.databases.retrieve({ database_id: databaseId }), {
      policy: 'idempotent',
      signal,
    });
    if (!isFullDatabase(raw)) throw new NotionNotFoundError(`Database ${databaseId} came back partial`);
    return normaliseDatabase(raw);
  }

  async getDataSource(id: string, signal?: AbortSignal): Promise<NotionDataSource> {
    const dataSourceId = normaliseId(id);
    const raw = await this.call('get data source', () => this.client.dataSources.retrieve({ data_source_id: dataSourceId }), {
      policy: 'idempotent',
      signal,
    });
    if (!isFullDataSource(raw)) throw new NotionNotFoundError(`Data source ${dataSourceId} came back partial`);
    const ds = normaliseDataSource(raw);
    const title = Object.entries(ds.properties).find(([, p]) => p.type === 'title');
    if (title) this.titleProperty.set(ds.id, title[0]);
    return ds;
  }

  /**
   * Every row of a data source, oldest first. Past Notion's 10,000-result cap
   * per query it continues with a new query from the last created_time seen
   * (rows deduplicated by id). `editedSince` keeps rows edited at or after it,
   * less a minute for Notion's minute-rounded timestamps.
   */
  async *queryDataSource(
    id: string,
    options: { editedSince?: string; signal?: AbortSignal; pageSize?: number } = {},
  ): AsyncGenerator<NotionPage> {
    const dataSourceId = normaliseId(id);
    type Filter = NonNullable<QueryDataSourceParameters['filter']>;
    const edited: Filter | undefined = options.editedSince
      ? {
          timestamp: 'last_edited_time',
          last_edited_time: { on_or_after: new Date(Date.parse(options.editedSince) - MINUTE).toISOString() },
        }
      : undefined;
    const seen = new Set<string>();
    let windowStart: string | undefined;
    for (;;) {
      const created: Filter | undefined = windowStart
        ? { timestamp: 'created_time', created_time: { on_or_after: windowStart } }
        : undefined;
      const filter: Filter | undefined =
        edited && created ? ({ and: [edited, created] } as Filter) : (edited ?? created);
      let inWindow = 0;
      let fresh = 0;
      let capped = false;
      let lastCreated: string | undefined;
      const pages = this.paginate(
        'query data source',
        (cursor) =>
          this.client.dataSources.query({
            data_source_id: dataSourceId,
            ...(filter ? { filter } : {}),
            sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
            start_cursor: cursor,
            page_size: options.pageSize ?? 100,
          }),
        options.signal,
      );
      for await (const page of pages) {
        const status = (page as { request_status?: { type?: string; incomplete_reason?: string } }).request_status;
        if (status?.type === 'incomplete') capped = true;
        for (const row of page.results) {
          inWindow++;
          if (!isFullPage(row)) continue;
          lastCreated = row.created_time;
          if (seen.has(row.id)) continue;
          seen.add(row.id);
          fresh++;
          yield normalisePage(row);
        }
      }
      if (!capped && inWindow < QUERY_RESULT_CAP) return;
      if (fresh === 0 || !lastCreated) {
        throw new NotionValidationError(
          `Data source ${dataSourceId} has more than ${QUERY_RESULT_CAP} rows created in the same minute (${lastCreated ?? 'unknown'}); Notion cannot list them all`,
          { code: 'query_result_limit_reached' },
        );
      }
      this.log.info(`query of ${dataSourceId} hit the ${QUERY_RESULT_CAP}-row cap; continuing from ${lastCreated}`);
      windowStart = lastCreated;
    }
  }

  /**
   * What an id or URL points at: page, database or data source. Accepts ids
   * with or without dashes, notion.so URLs and `collection://` URLs.
   */
  async resolveRoot(idOrUrl: string, signal?: AbortSignal): Promise<ResolvedRoot> {
    const id = normaliseId(idOrUrl);
    const isMissing = (e: unknown) => e instanceof NotionNotFoundError || e instanceof NotionValidationError;
    const order: ('page' | 'database' | 'data_source')[] = idOrUrl.trim().startsWith('collection://')
      ? ['data_source', 'database', 'page']
      : ['page', 'database', 'data_source'];
    let first: unknown;
    for (const kind of order) {
      try {
        if (kind === 'page') {
          const p = await this.getPage(id, signal);
          return { kind, id: p.id, title: p.title, url: p.url };
        }
        if (kind === 'database') {
          const d = await this.getDatabase(id, signal);
          return { kind, id: d.id, title: d.title, url: d.url };
        }
        const s = await this.getDataSource(id, signal);
        return { kind, id: s.id, title: s.title, url: s.url };
      } catch (error) {
        if (!isMissing(error)) throw error;
        first ??= error;
      }
    }
    throw new NotionNotFoundError(
      `Nothing with id ${id} is shared with this integration (tried page, database and data source). ` +
        'In Notion, open the page and add the integration under "Connections".',
      { status: 404, code: 'object_not_found', cause: first },
    );
  }

  // ------------------------------------------------------------------- writes

  private async titlePropertyOf(parent: CreateParent, signal?: AbortSignal): Promise<string> {
    if (parent.type !== 'data_source') return 'title';
    const known = this.titleProperty.get(normaliseId(parent.id));
    if (known) return known;
    await this.getDataSource(parent.id, signal);
    return this.titleProperty.get(normaliseId(parent.id)) ?? 'title';
  }

  /**
   * Creates a page. Never retried blindly: after a timeout, 5xx or network
   * error it first looks under the parent for a page with this title created
   * since the attempt (and not already known), and returns that one.
   */
  async createPage(args: {
    parent: CreateParent;
    title: string;
    properties?: Record<string, PropertyPayload>;
    markdown?: string;
    icon?: { emoji: string };
    /**
     * When the caller already tried this creation before (e.g. a queued
     * operation being retried after an error), when it first tried (ISO):
     * a page it created then is returned instead of making another.
     */
    firstAttemptAt?: string;
    signal?: AbortSignal;
  }): Promise<NotionPage> {
    const { signal } = args;
    if (args.firstAttemptAt) {
      const since = Date.parse(args.firstAttemptAt);
      if (Number.isNaN(since)) throw new NotionValidationError(`firstAttemptAt is not a date: ${args.firstAttemptAt}`);
      const earlier = await this.lookForCreatedPage(args.parent, args.title, since, signal);
      if (earlier) {
        this.log.info(`create page: "${args.title}" already exists from an earlier attempt; not creating it again`);
        this.created.add(earlier.id);
        return earlier;
      }
    }
    const titleName = await this.titlePropertyOf(args.parent, signal);
    const parent: CreatePageParameters['parent'] =
      args.parent.type === 'page'
        ? { type: 'page_id', page_id: normaliseId(args.parent.id) }
        : args.parent.type === 'data_source'
          ? { type: 'data_source_id', data_source_id: normaliseId(args.parent.id) }
          : { type: 'workspace', workspace: true };
    let title;
    try {
      title = richTextFromString(args.title, 'The title');
    } catch (error) {
      throw new NotionValidationError((error as Error).message, { property: titleName });
    }
    const properties = { ...(args.properties ?? {}), [titleName]: { title } } as CreatePageParameters['properties'];
    const body: CreatePageParameters = {
      parent,
      properties,
      ...(args.icon ? { icon: { type: 'emoji', emoji: args.icon.emoji as never } } : {}),
      ...(args.markdown !== undefined ? { markdown: args.markdown } : {}),
    };
    const client = args.markdown !== undefined ? this.markdownClient : this.client;
    const page = await this.call(
      'create page',
      async () => {
        const raw = await client.pages.create(body);
        if (!isFullPage(raw)) return this.getPage(raw.id, signal);
        return normalisePage(raw);
      },
      { policy: 'once', signal, recover: (since, error) => this.findCreatedPage(args.parent, args.title, since, error, signal) },
    );
    this.created.add(page.id);
    return page;
  }

  /**
   * A page created by an attempt that failed ambiguously: same parent and
   * title, created in or after the attempt's minute, not one this instance
   * already returned. A 5xx answer means the server is done with the request,
   * so one look tells; after a timeout or a cut connection it may still be
   * running, so wait for it to land and look again before concluding.
   */
  private async findCreatedPage(
    parent: CreateParent,
    title: string,
    since: number,
    error: NotionError,
    signal?: AbortSignal,
  ): Promise<NotionPage | undefined> {
    const answered = error.status !== undefined;
    const looks = answered ? 1 : 3;
    for (let look = 0; look < looks; look++) {
      const wait = answered ? 0 : look === 0 ? Math.min(Math.max(this.timeoutMs, 1_000), 5_000) : backoffDelay(look, this.backoff);
      await this.clock.sleep(wait, signal);
      const found = await this.lookForCreatedPage(parent, title, since, signal);
      if (found) return found;
    }
    return undefined;
  }

  /** One look under `parent` for a page titled `title` created since `since` (ms), minus a minute of slack for skew and rounding. */
  private async lookForCreatedPage(parent: CreateParent, title: string, since: number, signal?: AbortSignal): Promise<NotionPage | undefined> {
    const from = floorMinute(since) - MINUTE;
    const candidate = (id: string, name: string, createdTime: string) =>
      name === title && Date.parse(createdTime) >= from && ![...this.created].some((c) => sameId(c, id));
    if (parent.type === 'page') {
      for await (const block of this.listChildren(parent.id, signal)) {
        if (block.type === 'child_page' && candidate(block.id, block.child_page.title, block.created_time)) {
          return this.getPage(block.id, signal);
        }
      }
      return undefined;
    }
    if (parent.type === 'data_source') {
      const createdSince = new Date(from).toISOString();
      const pages = this.paginate(
        'find created row',
        (cursor) =>
          this.client.dataSources.query({
            data_source_id: normaliseId(parent.id),
            filter: { timestamp: 'created_time', created_time: { on_or_after: createdSince } },
            start_cursor: cursor,
            page_size: 100,
          }),
        signal,
      );
      for await (const page of pages) {
        for (const row of page.results) {
          if (!isFullPage(row)) continue;
          const p = normalisePage(row);
          if (candidate(p.id, p.title, p.createdTime)) return p;
        }
      }
      return undefined;
    }
    for await (const found of this.search({ query: title, filter: 'page', signal })) {
      if (found.object === 'page' && found.parent.type === 'workspace' && candidate(found.id, found.title, found.createdTime)) {
        return found;
      }
    }
    return undefined;
  }

  /** Sets property values (absolute values, so safe to retry). */
  async updatePageProperties(id: string, properties: Record<string, PropertyPayload>, signal?: AbortSignal): Promise<NotionPage> {
    const pageId = normaliseId(id);
    const raw = await this.call('update properties', () => this.client.pages.update({ page_id: pageId, properties }), {
      policy: 'idempotent',
      signal,
    });
    return isFullPage(raw) ? normalisePage(raw) : this.getPage(pageId, signal);
  }

  /**
   * Changes the body through the markdown endpoint: `replace` sets the whole
   * body (safe to retry); `edits` are targeted search-and-replace updates, so
   * block ids, comments and links elsewhere survive. After an ambiguous
   * failure the edits are checked against the current body before retrying.
   */
  async updatePageMarkdown(id: string, update: MarkdownUpdate, signal?: AbortSignal): Promise<PageMarkdown> {
    const pageId = normaliseId(id);
    const toResult = (raw: { markdown: string; truncated: boolean; unknown_block_ids?: string[] }): PageMarkdown => ({
      markdown: raw.markdown,
      truncated: raw.truncated,
      unknownBlockIds: raw.unknown_block_ids ?? [],
    });
    if ('replace' in update) {
      const raw = await this.call(
        'replace page markdown',
        () =>
          this.markdownClient.pages.updateMarkdown({
            page_id: pageId,
            type: 'replace_content',
            replace_content: { new_str: update.replace, ...(update.allowDeletingContent ? { allow_deleting_content: true } : {}) },
          }),
        { policy: 'idempotent', signal },
      );
      return toResult(raw);
    }
    if (update.edits.length === 0) return this.getPageMarkdown(pageId, signal);
    const raw = await this.call(
      'edit page markdown',
      () =>
        this.markdownClient.pages.updateMarkdown({
          page_id: pageId,
          type: 'update_content',
          update_content: { content_updates: update.edits.map((e) => ({ old_str: e.oldStr, new_str: e.newStr })) },
        }),
      {
        policy: 'once',
        signal,
        recover: async () => {
          const current = await this.getPageMarkdown(pageId, signal);
          const applied = update.edits.every((e) => current.markdown.includes(e.newStr) && (e.oldStr === '' || !current.markdown.includes(e.oldStr)));
          return applied ? { object: 'page_markdown' as const, id: pageId, markdown: current.markdown, truncated: current.truncated, unknown_block_ids: current.unknownBlockIds } : undefined;
        },
      },
    );
    return toResult(raw);
  }

  async trashPage(id: string, signal?: AbortSignal): Promise<NotionPage> {
    return this.setTrashed(id, true, signal);
  }

  async restorePage(id: string, signal?: AbortSignal): Promise<NotionPage> {
    return this.setTrashed(id, false, signal);
  }

  private async setTrashed(id: string, inTrash: boolean, signal?: AbortSignal): Promise<NotionPage> {
    const pageId = normaliseId(id);
    const raw = await this.call(inTrash ? 'trash page' : 'restore page', () => this.client.pages.update({ page_id: pageId, in_trash: inTrash }), {
      policy: 'idempotent',
      signal,
    });
    return isFullPage(raw) ? normalisePage(raw) : this.getPage(pageId, signal);
  }

  /**
   * Appends blocks at the end of a page or block, split to Notion's limits
   * (see blocks.ts): deeper levels go in follow-up requests to the ids of the
   * blocks just created. Returns the ids of the top-level blocks created.
   */
  async appendBlocks(parentId: string, blocks: readonly BlockRequest[], signal?: AbortSignal): Promise<string[]> {
    const id = normaliseId(parentId);
    const created: string[] = [];
    for (const chunk of planAppend(blocks)) {
      const results = await this.appendOnce(id, chunk.blocks, signal);
      created.push(...results.map((b) => b.id));
      const childIds = new Map<string, string[]>();
      const idAt = async (path: number[]): Promise<string> => {
        const top = results[path[0] ?? -1];
        if (!top) throw new NotionUnavailableError(`Append to ${id} returned ${results.length} blocks; expected more`, { ambiguous: false });
        let current = top.id;
        for (const index of path.slice(1)) {
          let ids = childIds.get(current);
          if (!ids) {
            ids = [];
            for await (const child of this.listChildren(current, signal)) ids.push(child.id);
            childIds.set(current, ids);
          }
          const next = ids[index];
          if (!next) throw new NotionUnavailableError(`Block ${current} has no child #${index} after append`, { ambiguous: false });
          current = next;
        }
        return current;
      };
      for (const deferred of chunk.deferred) {
        await this.appendBlocks(await idAt(deferred.path), deferred.children, signal);
      }
    }
    return created;
  }

  /** One append request. After an ambiguous failure, checks the parent's tail before retrying. */
  private async appendOnce(parentId: string, children: BlockRequest[], signal?: AbortSignal): Promise<BlockObjectResponse[]> {
    return this.call(
      'append blocks',
      async () => {
        const response = await this.client.blocks.children.append({ block_id: parentId, children });
        return response.results.filter(isFullBlock);
      },
      {
        policy: 'once',
        signal,
        recover: async (startedAt) => {
          const existing: RawBlock[] = [];
          for await (const block of this.listChildren(parentId, signal)) existing.push(block);
          const tail = existing.slice(-children.length);
          // Same blocks at the end, created since the attempt (a minute of slack
          // for rounding and skew): the append went through.
          const from = floorMinute(startedAt) - MINUTE;
          const applied =
            tail.length === children.length &&
            tail.every((b, i) => sameBlock(b, children[i]) && Date.parse(b.created_time) >= from);
          return applied ? tail : undefined;
        },
      },
    );
  }
}

/** Whether a created block looks like the request that made it (type and text). */
function sameBlock(created: RawBlock, request: BlockRequest | undefined): boolean {
  if (!request || created.type !== blockType(request)) return false;
  const createdBody = (created as unknown as Record<string, { rich_text?: { plain_text?: string }[] }>)[created.type];
  const requestBody = (request as unknown as Record<string, { rich_text?: { text?: { content?: string } }[] }>)[blockType(request)];
  const requestText = (requestBody?.rich_text ?? []).map((r) => r.text?.content ?? '').join('');
  const createdText = plainText(createdBody?.rich_text);
  return requestText === createdText;
}
