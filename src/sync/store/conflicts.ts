// sync_conflicts: both sides changed; the three texts wait here for the user.
import type { StoreContext } from './context';
import { int, intOrNull, text, textOrNull, type Row } from './sqlite';
import type { ConflictInput, ConflictResolution, ConflictRow } from './types';

const COLUMNS =
  'id, local_id, notion_id, path, base_content, local_content, remote_content, base_hash, local_hash, remote_hash, detected_at, resolved_at, resolution';
const SELECT = `SELECT ${COLUMNS} FROM sync_conflicts`;
const RESOLUTIONS: readonly ConflictResolution[] = ['accept_remote', 'keep_local', 'merged'];

function toRow(r: Row): ConflictRow {
  return {
    id: int(r, 'id'),
    localId: text(r, 'local_id'),
    notionId: textOrNull(r, 'notion_id'),
    path: text(r, 'path'),
    baseContent: textOrNull(r, 'base_content'),
    localContent: text(r, 'local_content'),
    remoteContent: text(r, 'remote_content'),
    baseHash: textOrNull(r, 'base_hash'),
    localHash: text(r, 'local_hash'),
    remoteHash: text(r, 'remote_hash'),
    detectedAt: int(r, 'detected_at'),
    resolvedAt: intOrNull(r, 'resolved_at'),
    resolution: textOrNull(r, 'resolution') as ConflictResolution | null,
  };
}

export function getConflict(ctx: StoreContext, id: number): ConflictRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE id = ?`, [id]);
  return r ? toRow(r) : undefined;
}

/** The open conflict of a document, if any. */
export function getConflictForDocument(ctx: StoreContext, localId: string): ConflictRow | undefined {
  const r = ctx.db.get(`${SELECT} WHERE local_id = ? AND resolved_at IS NULL`, [localId]);
  return r ? toRow(r) : undefined;
}

/** Records a conflict; a document's open conflict is updated to the newer detection. */
export function addConflict(ctx: StoreContext, input: ConflictInput): ConflictRow {
  const detectedAt = input.detectedAt ?? ctx.now();
  return ctx.db.transaction(() => {
    const open = getConflictForDocument(ctx, input.localId);
    const values = [
      input.notionId ?? null,
      input.path,
      input.baseContent ?? null,
      input.localContent,
      input.remoteContent,
      input.baseHash ?? null,
      input.localHash,
      input.remoteHash,
      detectedAt,
    ];
    let id: number;
    if (open) {
      ctx.db.run(
        `UPDATE sync_conflicts SET notion_id = ?, path = ?, base_content = ?, local_content = ?, remote_content = ?,
           base_hash = ?, local_hash = ?, remote_hash = ?, detected_at = ? WHERE id = ?`,
        [...values, open.id],
      );
      id = open.id;
    } else {
      ctx.db.run(
        `INSERT INTO sync_conflicts (local_id, notion_id, path, base_content, local_content, remote_content, base_hash,
           local_hash, remote_hash, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [input.localId, ...values],
      );
      id = ctx.db.lastInsertId();
    }
    const row = getConflict(ctx, id);
    if (!row) throw new Error(`conflict ${id} vanished`);
    return row;
  });
}

export function getUnresolvedConflicts(ctx: StoreContext): ConflictRow[] {
  return ctx.db.all(`${SELECT} WHERE resolved_at IS NULL ORDER BY detected_at, id`).map(toRow);
}

/** Closes a conflict; resolving one that is already closed changes nothing. */
export function resolveConflict(ctx: StoreContext, id: number, resolution: ConflictResolution): ConflictRow | undefined {
  if (!RESOLUTIONS.includes(resolution)) throw new Error(`unknown conflict resolution: ${String(resolution)}`);
  return ctx.db.transaction(() => {
    ctx.db.run('UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL', [ctx.now(), resolution, id]);
    return getConflict(ctx, id);
  });
}
