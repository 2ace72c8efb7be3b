// binder_resources: links, bookmarks, embeds and media found in synced pages.
// Links, bookmarks and embeds are replaced wholesale each time a page is
// converted; media rows (those with a local path) are kept one by one by the
// media sync: the local copy, the Notion block, hash, size and state.
import type { StoreContext } from './context';
import { int, intOrNull, text, textOrNull, type Row, type SqlValue } from './sqlite';
import type { MediaInput, MediaRow, MediaState, ResourceInput, ResourceKind, ResourceRow } from './types';

const KINDS: readonly ResourceKind[] = ['link', 'bookmark', 'embed', 'image', 'file', 'video', 'audio', 'pdf'];
const SELECT = 'SELECT id, page_notion_id, kind, url, title FROM binder_resources';
const MEDIA_SELECT =
  'SELECT id, page_notion_id, kind, url, title, block_id, local_path, hash, size, state, upload_id, upload_expires_at, last_error, updated_at, mtime_ms FROM binder_resources';

function toRow(r: Row): ResourceRow {
  return {
    id: int(r, 'id'),
    pageNotionId: text(r, 'page_notion_id'),
    kind: text(r, 'kind') as ResourceKind,
    url: text(r, 'url'),
    title: textOrNull(r, 'title'),
  };
}

function toMedia(r: Row): MediaRow {
  return {
    ...toRow(r),
    blockId: textOrNull(r, 'block_id'),
    localPath: text(r, 'local_path'),
    hash: textOrNull(r, 'hash'),
    size: intOrNull(r, 'size'),
    state: text(r, 'state') as MediaState,
    uploadId: textOrNull(r, 'upload_id'),
    uploadExpiresAt: intOrNull(r, 'upload_expires_at'),
    lastError: textOrNull(r, 'last_error'),
    updatedAt: int(r, 'updated_at'),
    mtimeMs: intOrNull(r, 'mtime_ms'),
  };
}

export function listResources(ctx: StoreContext, pageNotionId?: string): ResourceRow[] {
  const rows =
    pageNotionId === undefined
      ? ctx.db.all(`${SELECT} ORDER BY page_notion_id, id`)
      : ctx.db.all(`${SELECT} WHERE page_notion_id = ? ORDER BY id`, [pageNotionId]);
  return rows.map(toRow);
}

/** Replaces a page's links, bookmarks and embeds (rows without a local copy); its media rows stay. */
export function replaceResources(ctx: StoreContext, pageNotionId: string, rows: readonly ResourceInput[]): ResourceRow[] {
  for (const row of rows) if (!KINDS.includes(row.kind)) throw new Error(`unknown resource kind: ${String(row.kind)}`);
  return ctx.db.transaction(() => {
    ctx.db.run('DELETE FROM binder_resources WHERE page_notion_id = ? AND local_path IS NULL', [pageNotionId]);
    for (const row of rows) {
      ctx.db.run('INSERT INTO binder_resources (page_notion_id, kind, url, title) VALUES (?, ?, ?, ?)', [pageNotionId, row.kind, row.url, row.title ?? null]);
    }
    return listResources(ctx, pageNotionId);
  });
}

/** Media rows: of one page, or every one. */
export function listMedia(ctx: StoreContext, pageNotionId?: string): MediaRow[] {
  const rows =
    pageNotionId === undefined
      ? ctx.db.all(`${MEDIA_SELECT} WHERE local_path IS NOT NULL ORDER BY page_notion_id, id`)
      : ctx.db.all(`${MEDIA_SELECT} WHERE local_path IS NOT NULL AND page_notion_id = ? ORDER BY id`, [pageNotionId]);
  return rows.map(toMedia);
}

export function getMediaByPath(ctx: StoreContext, localPath: string): MediaRow | undefined {
  const r = ctx.db.get(`${MEDIA_SELECT} WHERE local_path = ? ORDER BY id LIMIT 1`, [localPath]);
  return r ? toMedia(r) : undefined;
}

export function getMediaByUrl(ctx: StoreContext, url: string): MediaRow | undefined {
  const r = ctx.db.get(`${MEDIA_SELECT} WHERE local_path IS NOT NULL AND url = ? ORDER BY id LIMIT 1`, [url]);
  return r ? toMedia(r) : undefined;
}

/** Inserts (no id) or updates (id) one media row; returns it as stored. */
export function saveMedia(ctx: StoreContext, m: MediaInput): MediaRow {
  if (!KINDS.includes(m.kind)) throw new Error(`unknown resource kind: ${String(m.kind)}`);
  const values: SqlValue[] = [
    m.pageNotionId, m.kind, m.url, m.title ?? null, m.blockId ?? null, m.localPath, m.hash ?? null, m.size ?? null,
    m.state, m.uploadId ?? null, m.uploadExpiresAt ?? null, m.lastError ?? null, ctx.now(), m.mtimeMs === undefined || m.mtimeMs === null ? null : Math.floor(m.mtimeMs),
  ];
  if (m.id === undefined) {
    ctx.db.run(
      'INSERT INTO binder_resources (page_notion_id, kind, url, title, block_id, local_path, hash, size, state, upload_id, upload_expires_at, last_error, updated_at, mtime_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      values,
    );
    return toMedia(ctx.db.get(`${MEDIA_SELECT} WHERE id = ?`, [ctx.db.lastInsertId()])!);
  }
  ctx.db.run(
    'UPDATE binder_resources SET page_notion_id = ?, kind = ?, url = ?, title = ?, block_id = ?, local_path = ?, hash = ?, size = ?, state = ?, upload_id = ?, upload_expires_at = ?, last_error = ?, updated_at = ?, mtime_ms = ? WHERE id = ?',
    [...values, m.id],
  );
  return toMedia(ctx.db.get(`${MEDIA_SELECT} WHERE id = ?`, [m.id])!);
}

export function deleteMedia(ctx: StoreContext, id: number): void {
  ctx.db.run('DELETE FROM binder_resources WHERE id = ? AND local_path IS NOT NULL', [id]);
}

/** A folder moved: media rows under it follow. */
export function moveMediaPaths(ctx: StoreContext, fromDir: string, toDir: string): void {
  const prefix = `${fromDir}/`;
  for (const m of ctx.db.all('SELECT id, local_path FROM binder_resources WHERE substr(local_path, 1, ?) = ?', [prefix.length, prefix])) {
    ctx.db.run('UPDATE binder_resources SET local_path = ? WHERE id = ?', [`${toDir}/${text(m, 'local_path').slice(prefix.length)}`, int(m, 'id')]);
  }
}
