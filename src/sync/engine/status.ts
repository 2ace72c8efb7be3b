// Sync health at a glance, for the status bar, `notion-sync status` and the
// webhook receiver's status endpoint. Holds no secrets.
import type { LimiterStatus } from '../notion/budgetLimiter';
import type { StateStore } from '../store/stateStore';
import type { MapState, QueueCounts } from '../store/types';

/** Where the running job is; a job's progress belongs to it (cleared when it ends). */
export interface Progress {
  phase: 'index' | 'discover' | 'apply';
  done: number;
  total: number;
  message?: string;
}

/** Config keys the engine keeps its last outcome under. */
export const LAST_SUCCESS_KEY = 'status.lastSuccessAt';
export const LAST_ERROR_KEY = 'status.lastError';

export type SyncState = 'idle' | 'syncing' | 'pending' | 'conflicts' | 'error';

export interface SyncStatus {
  state: SyncState;
  running: boolean;
  progress: Progress | null;
  queue: QueueCounts;
  conflicts: number;
  documents: Record<MapState, number>;
  lastSuccessAt: number | null;
  lastError: string | null;
  /** Earliest next attempt among failed operations waiting to retry. */
  nextRetryAt: number | null;
  /** Notion's request budget as the engine uses it; `pausedUntil` is set while Notion asked to wait (429/529). */
  rateLimit?: LimiterStatus | null;
}

/** What the engine knows beside the database: the running job and what Notion imposes. */
export interface LiveStatus {
  running: boolean;
  progress: Progress | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  rateLimit?: LimiterStatus;
}

/** `documents` comes from the status model (fileStates.ts), so every surface counts files alike. */
export function buildStatus(store: StateStore, live: LiveStatus, documents: Record<MapState, number>): SyncStatus {
  const queue = store.queueCounts();
  const conflicts = store.getUnresolvedConflicts().length;
  const retrying = store.getQueue({ status: 'error', limit: 1 });
  const nextRetryAt = retrying[0]?.nextAttemptAt ?? null;
  let state: SyncState = 'idle';
  if (live.running) state = 'syncing';
  else if (queue.error + queue.dead > 0) state = 'error';
  else if (conflicts > 0) state = 'conflicts';
  else if (queue.pending > 0) state = 'pending';
  return { state, running: live.running, progress: live.progress, queue, conflicts, documents, lastSuccessAt: live.lastSuccessAt, lastError: live.lastError, nextRetryAt, rateLimit: live.rateLimit ?? null };
}
