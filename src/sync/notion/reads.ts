// Reads: pages, bodies, blocks, databases, data sources, search and users,
// normalised for the engine. Every call is idempotent and goes through the
// shared transport (limiter and retry policy).
import {
  isFullBlock,
  isFullDatabase,
  isFullDataSource,
  isFullPage,
  type QueryDataSourceParameters,
} from '@notionhq/client';
import type { LimiterStatus } from './budgetLimiter';
import type { GatewayCache } from './cache';
import { NotionNotFoundError, NotionValidationError } from './errors';
import { normaliseId } from './ids';
import { retrieveMarkdown } from './markdownApi';
import { cutLists, propertyItems } from './propertyLists';
import { contentHash, detectLossy, extractResources, normaliseMarkdown } from './markdown';
import { normaliseDatabase, normaliseDataSource, normalisePage } from './normalise';
import type { NotionTransport } from './transport';
import type {
  ChildRef,
  GatewayStats,
  NotionDatabase,
  NotionDataSource,
  NotionPage,
  NotionUser,
  PageMarkdown,
  PulledBody,
  RawBlock,
  ResolvedRoot,
} from './types';

/** Rows one query can return before Notion stops with `query_result_limit_reached`. */
export const QUERY_RESULT_CAP = 10_000;
export const MINUTE = 60_000;

type QueryFilter = NonNullable<QueryDataSourceParameters['filter']>;

export class NotionReader {
  constructor(
    protected readonly transport: NotionTransport,
    protected readonly cache: GatewayCache,
  ) {}

  get stats(): GatewayStats {
    return this.transport.stats;
  }

  /** The shared request budget and any wait Notion imposed (for the status bar and CLI progress). */
  get rateLimit(): LimiterStatus {
    return this.transport.rateLimit;
  }

  /** Called when the limiter pauses or changes its budget; returns an unsubscribe function. */
  onRateLimitChange(listener: (status: LimiterStatus) => void): () => void {
    return this.transport.onRateLimitChange(listener);
  }

  /** How far Notion's clock is ahead of ours (see NotionTransport). */
  get clockSkewMs(): number {
    return this.transport.clockSkewMs;
  }

  /** Notion's clock now, as far as the latest response tells. */
  serverNow(): number {
    return this.transport.serverNow();
  }

  /** The integration's bot user; a wrong token throws NotionAuthError. */
  async me(signal?: AbortSignal): Promise<NotionUser> {
    const user = await this.transport.call('me', () => this.transport.client.users.me({}), { policy: 'idempotent', signal });
    return { id: user.id, name: user.name ?? '', type: user.type };
  }

  /** Workspace members and bots, to map people names to ids. */
  async listUsers(signal?: AbortSignal): Promise<NotionUser[]> {
    const users: NotionUser[] = [];
    for await (const page of this.transport.paginate('list users', (c) => this.transport.client.users.list({ start_cursor: c, page_size: 100 }), signal)) {
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
    const pages = this.transport.paginate(
      'search',
      (cursor) =>
        this.transport.client.search({
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
          yield await this.withWholeLists(normalisePage(result), options.signal);
        } else if (isFullDataSource(result)) {
          if (cutoff !== undefined && Date.parse(result.last_edited_time) < cutoff) return;
          yield normaliseDataSource(result);
        }
      }
    }
  }

  async getPage(id: string, signal?: AbortSignal): Promise<NotionPage> {
    const pageId = normaliseId(id);
    const raw = await this.transport.call('get page', () => this.transport.client.pages.retrieve({ page_id: pageId }), { policy: 'idempotent', signal });
    if (!isFullPage(raw)) throw new NotionNotFoundError(`Page ${pageId} came back without its properties`);
    return this.withWholeLists(normalisePage(raw), signal);
  }

  /**
   * The page with every relation and people list whole: lists a page object
   * may have cut at 25 are read through the property-item endpoint (only those).
   */
  async withWholeLists(page: NotionPage, signal?: AbortSignal): Promise<NotionPage> {
    for (const [name, property] of cutLists(page)) {
      const items: unknown[] = [];
      const pages = this.transport.paginate('get property items', (cursor) => propertyItems(this.transport.client, page.id, property.id, cursor), signal);
      for await (const batch of pages) for (const item of batch.results) items.push(item[property.type]);
      (page.properties as Record<string, unknown>)[name] = { ...property, [property.type]: items, has_more: false };
    }
    return page;
  }

  /** The page body as Notion's enhanced markdown (API 2026-03-11), as sent. */
  async getPageMarkdown(id: string, signal?: AbortSignal): Promise<PageMarkdown> {
    const pageId = normaliseId(id);
    const { markdownClient, markdownVersion } = this.transport;
    const raw = await this.transport.call('get page markdown', () => retrieveMarkdown(markdownClient, pageId, markdownVersion), {
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
    const raw = await this.transport.call('get block', () => this.transport.client.blocks.retrieve({ block_id: blockId }), { policy: 'idempotent', signal });
    if (!isFullBlock(raw)) throw new NotionNotFoundError(`Block ${blockId} came back partial`);
    return raw;
  }

  /** One level of a block's children, every page of them. */
  async *listChildren(blockId: string, signal?: AbortSignal): AsyncGenerator<RawBlock> {
    const id = normaliseId(blockId);
    const pages = this.transport.paginate(
      'list children',
      (cursor) => this.transport.client.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 }),
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
    const raw = await this.transport.call('get database', () => this.transport.client.databases.retrieve({ database_id: databaseId }), {
      policy: 'idempotent',
      signal,
    });
    if (!isFullDatabase(raw)) throw new NotionNotFoundError(`Database ${databaseId} came back partial`);
    return normaliseDatabase(raw);
  }

  async getDataSource(id: string, signal?: AbortSignal): Promise<NotionDataSource> {
    const dataSourceId = normaliseId(id);
    const raw = await this.transport.call('get data source', () => this.transport.client.dataSources.retrieve({ data_source_id: dataSourceId }), {
      policy: 'idempotent',
      signal,
    });
    if (!isFullDataSource(raw)) throw new NotionNotFoundError(`Data source ${dataSourceId} came back partial`);
    const ds = normaliseDataSource(raw);
    const title = Object.entries(ds.properties).find(([, p]) => p.type === 'title');
    if (title) this.cache.noteTitleProperty(ds.id, title[0]);
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
    const seen = new Set<string>();
    let windowStart: string | undefined;
    for (;;) {
      const filter = queryFilter(options.editedSince, windowStart);
      let inWindow = 0;
      let fresh = 0;
      let capped = false;
      let lastCreated: string | undefined;
      const pages = this.transport.paginate(
        'query data source',
        (cursor) =>
          this.transport.client.dataSources.query({
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
          yield await this.withWholeLists(normalisePage(row), options.signal);
        }
      }
      if (!capped && inWindow < QUERY_RESULT_CAP) return;
      if (fresh === 0 || !lastCreated) {
        throw new NotionValidationError(
          `Data source ${dataSourceId} has more than ${QUERY_RESULT_CAP} rows created in the same minute (${lastCreated ?? 'unknown'}); Notion cannot list them all`,
          { code: 'query_result_limit_reached' },
        );
      }
      this.transport.log.info(`query of ${dataSourceId} hit the ${QUERY_RESULT_CAP}-row cap; continuing from ${lastCreated}`);
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
}

/**
 * The filter of one data-source query: rows edited since `editedSince` (less a
 * minute for Notion's minute-rounded timestamps) and, past the 10,000-row cap,
 * created at or after `windowStart`.
 */
function queryFilter(editedSince: string | undefined, windowStart: string | undefined): QueryFilter | undefined {
  const edited: QueryFilter | undefined = editedSince
    ? { timestamp: 'last_edited_time', last_edited_time: { on_or_after: new Date(Date.parse(editedSince) - MINUTE).toISOString() } }
    : undefined;
  const created: QueryFilter | undefined = windowStart
    ? { timestamp: 'created_time', created_time: { on_or_after: windowStart } }
    : undefined;
  return edited && created ? ({ and: [edited, created] } as QueryFilter) : (edited ?? created);
}
