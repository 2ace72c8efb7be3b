// binder_documents (workspace markdown files) and document_bases (the last
// agreed content per document, the base of the three-way merge).
import type { StoreContext } from './context';
import { definedOnly, int, jsonColumn, text, textOrNull, type Row, type SqlValue } from './sqlite';
import type { BaseRow, DocumentInput, DocumentRow, JsonObject } from './types';

const COLUMNS = 'id, path, title, frontmatter, content_hash, size, mtime_ms, notion_id, scanned_at, diagnostics';
const SELECT = `SELECT ${COLUMNS} FROM binder_documents`;

function toRow(r: Row): DocumentRow {
  return {
    id: text(r, 'id'),
    path: text(r, 'path'),
    title: textOrNull(r, 'title'),
    frontmatter: jsonColumn<JsonObject>(r, 'frontmatter'),
    contentHash: textOrNull(r, 'content_hash'),
    size: int(r, 'size'),
    mtimeMs: int(r, 'mtime_ms'),
    notionId: textOrNull(r, 'notion_id'),
    scannedAt: int(r, 'scanned_at'),
    diagnostics: jsonColumn<string[]>(r, 'diagnostics'),
  };
}

export function getDocument(ctx: StoreContext, id: string): DocumentRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE id = ?`, [id]);
  return r ? toRow(r) : undefined;
}

export function getDocumentByPath(ctx: StoreContext, path: string): DocumentRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE path = ?`, [path]);
  return r ? toRow(r) : undefined;
}

/**
 * Inserts or updates by id; undefined fields keep their stored value, and
 * scannedAt defaults to now. A stale row of another id at the same path is
 * replaced (one file, one document).
 */
export function upsertDocument(ctx: StoreContext, input: DocumentInput): DocumentRow {
  return ctx.db.transaction(() => {
    const existing = getDocument(ctx, input.id);
    const merged = { ...existing, ...definedOnly(input) };
    const values: SqlValue[] = [
      input.id,
      input.path,
      merged.title ?? null,
      JSON.stringify(merged.frontmatter ?? {}),
      merged.contentHash ?? null,
      merged.size ?? 0,
      merged.mtimeMs ?? 0,
      merged.notionId ?? null,
      input.scannedAt ?? ctx.now(),
      JSON.stringify(merged.diagnostics ?? []),
    ];
    ctx.db.run(`INSERT OR REPLACE INTO binder_documents (${COLUMNS}) VALUES (${values.map(() => '?').join(',')})`, values);
    const row = getDocument(ctx, input.id);
    if (!row) throw new Error(`document ${input.id} vanished`);
    return row;
  });
}

export function listDocuments(ctx: StoreContext): DocumentRow[] {
  return ctx.db.all(`${SELECT} ORDER BY path`).map(toRow);
}

/** Deletes the document and its base snapshot. */
export function deleteDocument(ctx: StoreContext, id: string): boolean {
  return ctx.db.transaction(() => {
    ctx.db.run('DELETE FROM document_bases WHERE local_id = ?', [id]);
    return ctx.db.run('DELETE FROM binder_documents WHERE id = ?', [id]) > 0;
  });
}

/**
 * Moves a document to newPath, and its mapping with it. A row of another
 * document already at newPath is dropped: the file there was overwritten.
 */
export function renameDocument(ctx: StoreContext, id: string, newPath: string): boolean {
  return ctx.db.transaction(() => {
    if (!getDocument(ctx, id)) return false;
    ctx.db.run('DELETE FROM binder_documents WHERE path = ? AND id <> ?', [newPath, id]);
    ctx.db.run('UPDATE binder_documents SET path = ? WHERE id = ?', [newPath, id]);
    ctx.db.run('UPDATE notion_maps SET path = ?, updated_at = ? WHERE local_id = ?', [newPath, ctx.now(), id]);
    return true;
  });
}

export function setBase(ctx: StoreContext, localId: string, content: string, hash: string): void {
  ctx.db.transaction(() =>
    ctx.db.run(
      `INSERT INTO document_bases (local_id, content, hash, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(local_id) DO UPDATE SET content = excluded.content, hash = excluded.hash, updated_at = excluded.updated_at`,
      [localId, content, hash, ctx.now()],
    ),
  );
}

export function getBase(ctx: StoreContext, localId: string): BaseRow | undefined {
  const r = ctx.db.get('SELECT local_id, content, hash, updated_at FROM document_bases WHERE local_id = ?', [localId]);
  return r ? { localId: text(r, 'local_id'), content: text(r, 'content'), hash: text(r, 'hash'), updatedAt: int(r, 'updated_at') } : undefined;
}

export function deleteBase(ctx: StoreContext, localId: string): boolean {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM document_bases WHERE local_id = ?', [localId]) > 0);
}

/**
 * The Notion ids that files under `folder` claim and that need a look from
 * adoption: claimed by more than one file, or by a file at another path than
 * the page's live mapping (or with no live mapping). An idle workspace has
 * none, and finding that costs one query instead of a row read per file.
 */
export function claimsToCheck(ctx: StoreContext, folder: string): string[] {
  const prefix = `${folder}/`;
  return ctx.db
    .all(
      `SELECT d.notion_id AS notion_id FROM binder_documents d
       LEFT JOIN notion_maps m ON m.notion_id = d.notion_id AND m.state <> 'trashed'
       WHERE d.notion_id IS NOT NULL AND substr(d.path, 1, ?) = ?
       GROUP BY d.notion_id
       HAVING COUNT(*) > 1 OR MIN(COALESCE(m.path = d.path, 0)) = 0`,
      [prefix.length, prefix],
    )
    .map((r) => text(r, 'notion_id'));
}
