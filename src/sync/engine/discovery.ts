// Finds what may have changed in Notion. Timestamps only nominate candidates
// (they are rounded down to the minute); the page sync's content hashes decide.
// Incremental: one search since the cursor plus one query per data source, so a
// pull with nothing changed costs a handful of requests whatever the size.
// Full: every page the integration can see, every row, and a check of each
// mapped page that was not seen, which is how deletions are found without webhooks.
import { NotionNotFoundError } from '../notion/errors';
import { sameId } from '../notion/ids';
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import type { RootSet } from './roots';

const MINUTE = 60_000;
/**
 * Notion's search index lags behind edits (it says so: not immediate, not
 * guaranteed complete), so an incremental search looks back this far before
 * the cursor. Pages it lists again cost nothing more than their line in the
 * search results: `alreadySeen` skips them.
 */
export const SEARCH_OVERLAP_MS = 10 * MINUTE;
/** A full listing this often repairs whatever the overlap still missed (and finds deletions). */
export const REPAIR_INTERVAL_MS = 60 * MINUTE;
/** notion_config key: when the last full discovery completed (engine clock, ms). */
export const LAST_FULL_KEY = 'pull.lastFullAt';

/** Whether a pull lists everything: asked for, no cursor yet, or the periodic repair is due. */
export function wantsFullDiscovery(ctx: EngineContext, asked: boolean | undefined, cursor: string | undefined): boolean {
  const lastFull = ctx.store.getConfig<number>(LAST_FULL_KEY);
  return !!asked || !cursor || lastFull === undefined || ctx.now() - lastFull >= REPAIR_INTERVAL_MS;
}

/** The `editedSince` of an incremental search: the cursor less the indexing overlap. */
export function searchSince(cursor: string): string {
  return new Date(Date.parse(cursor) - SEARCH_OVERLAP_MS).toISOString();
}

export interface Candidate {
  id: string;
  snapshot?: NotionPage;
}

export interface DiscoveryResult {
  candidates: Candidate[];
  dataSources: string[];
  /** Mapped pages Notion confirms deleted (full discovery only). */
  deletions: MapRow[];
  /** Next cursor: the latest edit time Notion reported (its clock, not ours). */
  cursor: string | undefined;
}

/** How far Notion's clock is ahead of the engine's (from the Date header of Notion's latest answer). */
export function notionSkew(ctx: EngineContext): number {
  return ctx.gateway.serverNow() - ctx.now();
}

/**
 * True when the mapping has surely seen this edit: same minute, and fetched (on
 * Notion's clock: ours plus the measured skew) a full minute after that minute began.
 */
export function alreadySeen(map: MapRow | undefined, page: NotionPage, skewMs: number): boolean {
  return (
    !!map &&
    map.state === 'synced' &&
    map.notionLastEditedTime === page.lastEditedTime &&
    (map.syncedAt ?? 0) + skewMs >= Date.parse(page.lastEditedTime) + MINUTE
  );
}

export async function discover(
  ctx: EngineContext,
  roots: RootSet,
  opts: { full: boolean; cursor: string | undefined; signal?: AbortSignal },
): Promise<DiscoveryResult> {
  let latest = opts.cursor;
  const note = (edited: string) => {
    if (!latest || edited > latest) latest = edited;
  };
  const incremental = !opts.full && !!opts.cursor;
  const skew = notionSkew(ctx);
  const candidates = new Map<string, Candidate>();
  const seen = new Set<string>();
  const maps = ctx.store.listMaps();
  const byId = new Map(maps.map((m) => [m.notionId, m]));
  const inScope = new Set<string>([...maps.filter((m) => m.state !== 'trashed').map((m) => m.notionId), ...roots.roots.map((r) => r.id)]);

  // Roots themselves are always looked at on a full pull (cheap, and covers a root search missed).
  const dataSources = new Set(maps.filter((m) => m.notionType === 'data_source' && m.state !== 'trashed').map((m) => m.notionId));
  for (const root of roots.roots) {
    if (root.kind === 'page' && (!incremental || !byId.has(root.id))) candidates.set(root.id, { id: root.id });
    if (root.kind === 'data_source') dataSources.add(root.id);
    if (root.kind === 'database') {
      const db = await ctx.gateway.getDatabase(root.id, opts.signal);
      for (const ds of db.dataSources) dataSources.add(ds.id);
    }
  }

  // Pages: search, newest first. Rows of data sources come from their queries below.
  const pages: NotionPage[] = [];
  const editedSince = incremental && opts.cursor ? searchSince(opts.cursor) : undefined;
  for await (const item of ctx.gateway.search({ filter: 'page', editedSince, signal: opts.signal })) {
    if (item.object !== 'page' || item.parent.type === 'data_source' || item.parent.type === 'database') continue;
    pages.push(item);
    seen.add(item.id);
    note(item.lastEditedTime);
  }
  // A page is in scope when its parent chain reaches a root or a synced node; new
  // subtrees are found parent-first by repeating until nothing new joins.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of pages) {
      if (inScope.has(p.id)) continue;
      if (p.parent.type === 'page' && inScope.has(p.parent.id)) {
        inScope.add(p.id);
        grew = true;
      }
    }
  }
  for (const p of pages) {
    if (!inScope.has(p.id) || alreadySeen(byId.get(p.id), p, skew)) continue;
    candidates.set(p.id, { id: p.id, snapshot: p });
  }

  // Rows: one query per data source (since the cursor when incremental).
  for (const ds of dataSources) {
    try {
      for await (const row of ctx.gateway.queryDataSource(ds, { editedSince: incremental ? opts.cursor : undefined, signal: opts.signal })) {
        seen.add(row.id);
        note(row.lastEditedTime);
        if (!alreadySeen(byId.get(row.id), row, skew)) candidates.set(row.id, { id: row.id, snapshot: row });
      }
    } catch (e) {
      if (!(e instanceof NotionNotFoundError)) throw e;
      ctx.logger.warn(`data source ${ds} is gone or no longer shared; its files stay until a full pull confirms`);
    }
  }

  // Deletions: only a full pull can see absence. Each missing page is confirmed
  // one by one, since search is not exhaustive and a miss must never delete.
  const deletions: MapRow[] = [];
  if (!incremental) {
    for (const m of maps) {
      if (m.notionType !== 'page' || m.state === 'trashed' || seen.has(m.notionId) || candidates.has(m.notionId)) continue;
      if (roots.roots.length && !roots.roots.some((r) => m.rootId && sameId(r.id, m.rootId))) continue;
      try {
        const page = await ctx.gateway.getPage(m.notionId, opts.signal);
        if (page.inTrash) deletions.push(m);
        else candidates.set(m.notionId, { id: m.notionId, snapshot: page });
      } catch (e) {
        if (e instanceof NotionNotFoundError) deletions.push(m);
        else throw e;
      }
    }
  }
  return { candidates: [...candidates.values()], dataSources: [...dataSources], deletions, cursor: latest };
}
