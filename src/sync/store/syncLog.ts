// sync_log (append-only history shown by "Show Sync Log") and webhook_events
// (event-id dedupe: Notion may deliver an event more than once).
import type { StoreContext } from './context';
import { int, text, textOrNull, type SqlValue } from './sqlite';
import type { JsonValue, SyncLogInput, SyncLogLevel, SyncLogQuery, SyncLogRow } from './types';

const DAY_MS = 86_400_000;

export function appendLog(ctx: StoreContext, entry: SyncLogInput): number {
  return ctx.db.transaction(() => {
    ctx.db.run('INSERT INTO sync_log (created_at, level, operation, notion_id, local_id, message, details) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      ctx.now(),
      entry.level,
      entry.operation ?? null,
      entry.notionId ?? null,
      entry.localId ?? null,
      entry.message,
      entry.details === undefined ? null : JSON.stringify(entry.details),
    ]);
    return ctx.db.lastInsertId();
  });
}

/** Newest first. */
export function listLog(ctx: StoreContext, query: SyncLogQuery): SyncLogRow[] {
  const params: SqlValue[] = [];
  let where = '';
  if (query.since !== undefined) {
    where = ' WHERE created_at >= ?';
    params.push(query.since);
  }
  params.push(query.limit);
  return ctx.db
    .all(`SELECT id, created_at, level, operation, notion_id, local_id, message, details FROM sync_log${where} ORDER BY id DESC LIMIT ?`, params)
    .map((r) => {
      const details = textOrNull(r, 'details');
      return {
        id: int(r, 'id'),
        createdAt: int(r, 'created_at'),
        level: text(r, 'level') as SyncLogLevel,
        operation: textOrNull(r, 'operation'),
        notionId: textOrNull(r, 'notion_id'),
        localId: textOrNull(r, 'local_id'),
        message: text(r, 'message'),
        details: details === null ? null : (JSON.parse(details) as JsonValue),
      };
    });
}

/** Deletes log entries older than the given age; returns how many. */
export function pruneLog(ctx: StoreContext, olderThanDays: number): number {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM sync_log WHERE created_at < ?', [ctx.now() - olderThanDays * DAY_MS]));
}

/** True the first time an event id is seen, false for every redelivery. */
export function recordWebhookEvent(ctx: StoreContext, eventId: string, type: string, receivedAt: number = ctx.now()): boolean {
  return ctx.db.transaction(
    () => ctx.db.run('INSERT OR IGNORE INTO webhook_events (event_id, type, received_at) VALUES (?, ?, ?)', [eventId, type, receivedAt]) > 0,
  );
}

/** Forgets event ids received before the cutoff; returns how many. */
export function pruneWebhookEvents(ctx: StoreContext, receivedBefore: number): number {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM webhook_events WHERE received_at < ?', [receivedBefore]));
}
