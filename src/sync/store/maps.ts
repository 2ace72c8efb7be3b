// notion_maps: which workspace file is which Notion page, with hashes and the
// published/synced times conflict detection relies on.
import type { StoreContext } from './context';
import { definedOnly, int, intOrNull, text, textOrNull, type Row, type SqlValue } from './sqlite';
import type { MapInput, MapPath, MapQuery, MapRow, MapState, NotionType } from './types';

const COLUMNS =
  'local_id, notion_id, notion_type, root_id, parent_notion_id, path, title, url, remote_hash, local_hash, notion_last_edited_time, published_at, synced_at, state, last_error, created_at, updated_at';
const SELECT = `SELECT ${COLUMNS} FROM notion_maps`;
const MAP_STATES: readonly MapState[] = ['synced', 'modified', 'conflict', 'pending', 'error', 'trashed'];

function toRow(r: Row): MapRow {
  return {
    localId: text(r, 'local_id'),
    notionId: text(r, 'notion_id'),
    notionType: text(r, 'notion_type') as NotionType,
    rootId: textOrNull(r, 'root_id'),
    parentNotionId: textOrNull(r, 'parent_notion_id'),
    path: text(r, 'path'),
    title: textOrNull(r, 'title'),
    url: textOrNull(r, 'url'),
    remoteHash: textOrNull(r, 'remote_hash'),
    localHash: textOrNull(r, 'local_hash'),
    notionLastEditedTime: textOrNull(r, 'notion_last_edited_time'),
    publishedAt: intOrNull(r, 'published_at'),
    syncedAt: intOrNull(r, 'synced_at'),
    state: text(r, 'state') as MapState,
    lastError: textOrNull(r, 'last_error'),
    createdAt: int(r, 'created_at'),
    updatedAt: int(r, 'updated_at'),
  };
}

export function getMapByLocalId(ctx: StoreContext, localId: string): MapRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE local_id = ?`, [localId]);
  return r ? toRow(r) : undefined;
}

export function getMapByNotionId(ctx: StoreContext, notionId: string): MapRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE notion_id = ?`, [notionId]);
  return r ? toRow(r) : undefined;
}

export function getMapByPath(ctx: StoreContext, path: string): MapRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE path = ? ORDER BY updated_at DESC LIMIT 1`, [path]);
  return r ? toRow(r) : undefined;
}

/**
 * Inserts or updates by localId; undefined fields keep their stored value.
 * A stale mapping of the same Notion page under another localId is replaced
 * (notion_id is unique: one page, one file).
 */
export function upsertMap(ctx: StoreContext, input: MapInput): MapRow {
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const existing = getMapByLocalId(ctx, input.localId);
    const merged = { ...existing, ...definedOnly(input) };
    if (!merged.notionId || !merged.notionType || merged.path === undefined) {
      throw new Error(`upsertMap(${input.localId}): notionId, notionType and path are required for a new mapping`);
    }
    if (merged.state !== undefined && !MAP_STATES.includes(merged.state)) throw new Error(`unknown mapping state: ${merged.state}`);
    const stale = getMapByNotionId(ctx, merged.notionId);
    if (stale && stale.localId !== input.localId) {
      ctx.logger.info(`mapping of ${merged.notionId} moves from ${stale.localId} (${stale.path}) to ${input.localId} (${merged.path})`);
    }
    const values: SqlValue[] = [
      input.localId,
      merged.notionId,
      merged.notionType,
      merged.rootId ?? null,
      merged.parentNotionId ?? null,
      merged.path,
      merged.title ?? null,
      merged.url ?? null,
      merged.remoteHash ?? null,
      merged.localHash ?? null,
      merged.notionLastEditedTime ?? null,
      merged.publishedAt ?? null,
      merged.syncedAt ?? null,
      merged.state ?? 'pending',
      merged.lastError ?? null,
      existing?.createdAt ?? now,
      now,
    ];
    ctx.db.run(`INSERT OR REPLACE INTO notion_maps (${COLUMNS}) VALUES (${values.map(() => '?').join(',')})`, values);
    const row = getMapByLocalId(ctx, input.localId);
    if (!row) throw new Error(`mapping ${input.localId} vanished`);
    return row;
  });
}

export function listMaps(ctx: StoreContext, query: MapQuery = {}): MapRow[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.rootId !== undefined) {
    where.push('root_id = ?');
    params.push(query.rootId);
  }
  if (query.state !== undefined) {
    const states = Array.isArray(query.state) ? query.state : [query.state];
    if (states.length === 0) return [];
    where.push(`state IN (${states.map(() => '?').join(',')})`);
    params.push(...states);
  }
  return ctx.db.all(`${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY path, local_id`, params).map(toRow);
}

/** Where every node is: id, path and state only (the full rows of a large workspace cost a lot to decode, and a run asks twice). */
export function listMapPaths(ctx: StoreContext): MapPath[] {
  return ctx.db.all('SELECT notion_id, path, state FROM notion_maps').map((r) => ({ notionId: text(r, 'notion_id'), path: text(r, 'path'), state: text(r, 'state') as MapState }));
}

/** Page mappings in `states` whose path the last scan did not find in binder_documents (one indexed join, not two table reads). */
export function listMapsWithoutDocument(ctx: StoreContext, states: readonly MapState[]): MapRow[] {
  if (states.length === 0) return [];
  const cols = COLUMNS.split(', ').map((c) => `m.${c}`).join(', ');
  return ctx.db
    .all(
      `SELECT ${cols} FROM notion_maps m LEFT JOIN binder_documents d ON d.path = m.path
       WHERE m.notion_type = 'page' AND m.state IN (${states.map(() => '?').join(',')}) AND d.id IS NULL ORDER BY m.path`,
      [...states],
    )
    .map(toRow);
}

export function deleteMap(ctx: StoreContext, localId: string): boolean {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM notion_maps WHERE local_id = ?', [localId]) > 0);
}

export function updateSyncTimes(ctx: StoreContext, localId: string, times: { publishedAt?: number; syncedAt?: number }): boolean {
  const sets: string[] = [];
  const params: SqlValue[] = [];
  if (times.publishedAt !== undefined) {
    sets.push('published_at = ?');
    params.push(times.publishedAt);
  }
  if (times.syncedAt !== undefined) {
    sets.push('synced_at = ?');
    params.push(times.syncedAt);
  }
  return ctx.db.transaction(() => {
    if (sets.length === 0) return getMapByLocalId(ctx, localId) !== undefined;
    return ctx.db.run(`UPDATE notion_maps SET ${sets.join(', ')}, updated_at = ? WHERE local_id = ?`, [...params, ctx.now(), localId]) > 0;
  });
}

/** Sets the state; lastError becomes `error` (cleared when omitted). */
export function setMapState(ctx: StoreContext, localId: string, state: MapState, error?: string): boolean {
  if (!MAP_STATES.includes(state)) throw new Error(`unknown mapping state: ${state}`);
  return ctx.db.transaction(
    () => ctx.db.run('UPDATE notion_maps SET state = ?, last_error = ?, updated_at = ? WHERE local_id = ?', [state, error ?? null, ctx.now(), localId]) > 0,
  );
}
