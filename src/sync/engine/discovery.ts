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

/** What one discovery gathers as it goes. */
interface Run {
  ctx: EngineContext;
  roots: RootSet;
  signal?: AbortSignal;
  incremental: boolean;
  cursor: string | undefined;
  skew: number;
  maps: MapRow[];
  byId: Map<string, MapRow>;
  candidates: Map<string, Candidate>;
  /** Ids Notion listed this time (search or queries). */
  seen: Set<string>;
  dataSources: Set<string>;
  /** The latest edit time Notion reported. */
  latest: string | undefined;
}

export async function discover(
  ctx: EngineContext,
  roots: RootSet,
  opts: { full: boolean; cursor: string | undefined; signal?: AbortSignal },
): Promise<DiscoveryResult> {
  const maps = ctx.store.listMaps();
  const run: Run = {
    ctx,
    roots,
    signal: opts.signal,
    incremental: !opts.full && !!opts.cursor,
    cursor: opts.cursor,
    skew: notionSkew(ctx),
    maps,
    byId: new Map(maps.map((m) => [m.notionId, m])),
    candidates: new Map(),
    seen: new Set(),
    dataSources: new Set(maps.filter((m) => m.notionType === 'data_source' && m.state !== 'trashed').map((m) => m.notionId)),
    latest: opts.cursor,
  };
  await lookAtRoots(run);
  await searchPages(run);
  await queryRows(run);
  const deletions = run.incremental ? [] : await confirmDeletions(run);
  return { candidates: [...run.candidates.values()], dataSources: [...run.dataSources], deletions, cursor: run.latest };
}

function note(run: Run, edited: string): void {
  if (!run.latest || edited > run.latest) run.latest = edited;
}

/** Roots themselves are always looked at on a full pull (cheap, and covers a root search missed). */
async function lookAtRoots(run: Run): Promise<void> {
  for (const root of run.roots.roots) {
    if (root.kind === 'page' && (!run.incremental || !run.byId.has(root.id))) run.candidates.set(root.id, { id: root.id });
    if (root.kind === 'data_source') run.dataSources.add(root.id);
    if (root.kind === 'database') {
      const db = await run.ctx.gateway.getDatabase(root.id, run.signal);
      for (const ds of db.dataSources) run.dataSources.add(ds.id);
    }
  }
}

/** Pages: search, newest first (since the cursor less the overlap when incremental). Rows come from their queries. */
async function searchPages(run: Run): Promise<void> {
  const pages: NotionPage[] = [];
  const editedSince = run.incremental && run.cursor ? searchSince(run.cursor) : undefined;
  for await (const item of run.ctx.gateway.search({ filter: 'page', editedSince, signal: run.signal })) {
    if (item.object !== 'page' || item.parent.type === 'data_source' || item.parent.type === 'database') continue;
    pages.push(item);
    run.seen.add(item.id);
    note(run, item.lastEditedTime);
  }
  const inScope = scopeOf(run, pages);
  for (const p of pages) {
    if (!inScope.has(p.id) || alreadySeen(run.byId.get(p.id), p, run.skew)) continue;
    run.candidates.set(p.id, { id: p.id, snapshot: p });
  }
}

/**
 * A page is in scope when its parent chain reaches a root or a synced node; new
 * subtrees are found parent-first by repeating until nothing new joins.
 */
function scopeOf(run: Run, pages: NotionPage[]): Set<string> {
  const inScope = new Set<string>([...run.maps.filter((m) => m.state !== 'trashed').map((m) => m.notionId), ...run.roots.roots.map((r) => r.id)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of pages) {
      if (inScope.has(p.id) || p.parent.type !== 'page' || !inScope.has(p.parent.id)) continue;
      inScope.add(p.id);
      grew = true;
    }
  }
  return inScope;
}

/** Rows: one query per data source (since the cursor when incremental). */
async function queryRows(run: Run): Promise<void> {
  const { ctx } = run;
  for (const ds of run.dataSources) {
    try {
      for await (const row of ctx.gateway.queryDataSource(ds, { editedSince: run.incremental ? run.cursor : undefined, signal: run.signal })) {
        run.seen.add(row.id);
        note(run, row.lastEditedTime);
        if (!alreadySeen(run.byId.get(row.id), row, run.skew)) run.candidates.set(row.id, { id: row.id, snapshot: row });
      }
    } catch (e) {
      if (!(e instanceof NotionNotFoundError)) throw e;
      ctx.logger.warn(`data source ${ds} is gone or no longer shared; its files stay until a full pull confirms`);
    }
  }
}

/**
 * Deletions: only a full pull can see absence. Each missing page is confirmed
 * one by one, since search is not exhaustive and a miss must never delete.
 */
async function confirmDeletions(run: Run): Promise<MapRow[]> {
  const { roots } = run;
  const deletions: MapRow[] = [];
  for (const m of run.maps) {
    if (m.notionType !== 'page' || m.state === 'trashed' || run.seen.has(m.notionId) || run.candidates.has(m.notionId)) continue;
    if (roots.roots.length && !roots.roots.some((r) => m.rootId && sameId(r.id, m.rootId))) continue;
    try {
      const page = await run.ctx.gateway.getPage(m.notionId, run.signal);
      if (page.inTrash) deletions.push(m);
      else run.candidates.set(m.notionId, { id: m.notionId, snapshot: page });
    } catch (e) {
      if (e instanceof NotionNotFoundError) deletions.push(m);
      else throw e;
    }
  }
  return deletions;
}
