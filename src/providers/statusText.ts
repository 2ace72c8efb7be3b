// The status bar's words for the engine's state. Pure: no `vscode`.
import { describeCounts } from '../sync/engine/fileStates';
import type { SyncStatus } from '../sync/engine/status';
import { absoluteTime, plural, relativeTime } from './time';

export interface SetupState {
  hasToken: boolean;
  hasRoots: boolean;
  hasFolder: boolean;
  /** A settings value the engine refused, if any. */
  settingsError?: string;
}

export interface StatusShape {
  text: string;
  tooltip: string;
  kind: 'normal' | 'warning' | 'error';
}

/** `lastError` is stored as "<ISO time> <message>". */
export function parseLastError(lastError: string | null): { at: number | null; message: string } | null {
  if (!lastError) return null;
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (.*)$/s.exec(lastError);
  if (!m) return { at: null, message: lastError };
  return { at: Date.parse(m[1]), message: m[2] };
}

/** The last error still stands when nothing succeeded after it. */
export function currentError(status: Pick<SyncStatus, 'lastError' | 'lastSuccessAt'>): string | null {
  const e = parseLastError(status.lastError);
  if (!e) return null;
  if (e.at !== null && status.lastSuccessAt !== null && status.lastSuccessAt >= e.at) return null;
  return e.message;
}

export function statusShape(status: SyncStatus | undefined, setup: SetupState, now: number): StatusShape {
  if (setup.settingsError) return { text: '$(error) Notion', tooltip: `Notion Sync settings: ${setup.settingsError}`, kind: 'error' };
  if (!setup.hasFolder) return { text: '$(cloud) Notion', tooltip: 'Notion Sync: open a folder to sync into', kind: 'normal' };
  if (!setup.hasToken) return { text: '$(key) Notion: set token', tooltip: 'Notion Sync: no API token yet. Click for the next step.', kind: 'normal' };
  if (!setup.hasRoots) return { text: '$(add) Notion: add a root', tooltip: 'Notion Sync: choose a Notion page or database to sync. Click for the next step.', kind: 'normal' };
  if (!status) return { text: '$(sync~spin) Notion', tooltip: 'Notion Sync: starting', kind: 'normal' };

  const lines: string[] = [];
  const d = status.documents;
  lines.push(describeCounts(d));
  const q = status.queue;
  lines.push(`Queue: ${q.pending} pending, ${q.processing} in progress, ${q.error} failed (retrying), ${q.dead} gave up`);
  lines.push(status.lastSuccessAt ? `Last sync: ${absoluteTime(status.lastSuccessAt)} (${relativeTime(status.lastSuccessAt, now)})` : 'Not synced yet');
  if (status.nextRetryAt) lines.push(`Next retry: ${relativeTime(status.nextRetryAt, now)}`);
  const error = currentError(status);
  if (error) lines.push(`Last error: ${error}`);
  lines.push('Click for status and actions');
  const tooltip = `Notion Sync\n${lines.join('\n')}`;

  // Notion asked every request to wait (429/529): say so, or a long Retry-After looks like a hang.
  const pausedUntil = status.rateLimit?.pausedUntil ?? null;
  if (pausedUntil !== null && pausedUntil - now >= 1_000) {
    const why = status.rateLimit?.reason === 'overload' ? 'Notion is overloaded' : 'Notion rate limit';
    const resumes = relativeTime(pausedUntil, now);
    return { text: `$(watch) Notion: waiting, resumes ${resumes}`, tooltip: `Notion Sync: ${why}; requests resume ${resumes}\n${lines.join('\n')}`, kind: 'warning' };
  }
  if (status.running) {
    const p = status.progress;
    const count = p && p.total > 0 ? ` ${p.done}/${p.total}` : '';
    const what = p?.message ? ` (${p.message})` : '';
    return { text: `$(sync~spin) Notion: syncing${count}`, tooltip: `Notion Sync: syncing${count}${what}\n${lines.join('\n')}`, kind: 'normal' };
  }
  const failed = q.error + q.dead;
  if (failed > 0) return { text: `$(error) Notion: ${failed} failed`, tooltip, kind: 'error' };
  if (error) return { text: '$(error) Notion: error', tooltip, kind: 'error' };
  if (status.conflicts > 0) return { text: `$(warning) Notion: ${plural(status.conflicts, 'conflict')}`, tooltip, kind: 'warning' };
  // A synced file the engine cannot sync now (invalid frontmatter, a refused push) is not "synced".
  if (d.error > 0) return { text: `$(warning) Notion: ${plural(d.error, 'file')} with errors`, tooltip, kind: 'warning' };
  if (q.pending + q.processing > 0) return { text: `$(clock) Notion: ${q.pending + q.processing} pending`, tooltip, kind: 'normal' };
  return { text: status.lastSuccessAt ? '$(check) Notion: synced' : '$(cloud) Notion: not synced yet', tooltip, kind: 'normal' };
}

/**
 * The folders of a multi-root workspace as one status: counts added up, busy while
 * any folder is, the oldest last sync (every folder is at least that fresh), the
 * newest error, the earliest retry, a wait Notion imposes on any folder.
 */
export function combineStatuses(statuses: readonly SyncStatus[]): SyncStatus | undefined {
  if (statuses.length <= 1) return statuses[0];
  const sum = <K extends string>(pick: (s: SyncStatus) => Record<K, number>): Record<K, number> => {
    const out = { ...pick(statuses[0]) };
    for (const s of statuses.slice(1)) for (const k of Object.keys(out) as K[]) out[k] += pick(s)[k];
    return out;
  };
  const times = (pick: (s: SyncStatus) => number | null) => statuses.map(pick).filter((t): t is number => t !== null);
  const synced = times((s) => s.lastSuccessAt);
  const errors = statuses.map((s) => s.lastError).filter((e): e is string => !!e).sort();
  const retries = times((s) => s.nextRetryAt);
  const running = statuses.find((s) => s.running);
  const combined: SyncStatus = {
    state: 'idle',
    running: !!running,
    progress: running?.progress ?? null,
    queue: sum((s) => s.queue),
    conflicts: statuses.reduce((n, s) => n + s.conflicts, 0),
    documents: sum((s) => s.documents),
    lastSuccessAt: synced.length === statuses.length ? Math.min(...synced) : null,
    // Stored as "<ISO time> <message>": the last in order is the newest.
    lastError: errors.at(-1) ?? null,
    nextRetryAt: retries.length ? Math.min(...retries) : null,
    rateLimit: statuses.find((s) => s.rateLimit?.pausedUntil)?.rateLimit ?? statuses[0].rateLimit ?? null,
  };
  const q = combined.queue;
  combined.state = combined.running ? 'syncing' : q.error + q.dead > 0 ? 'error' : combined.conflicts > 0 ? 'conflicts' : q.pending > 0 ? 'pending' : 'idle';
  return combined;
}
