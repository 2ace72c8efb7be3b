// The one status model: the state a person sees for each synced file, and the
// counts every surface shows (status bar, its tooltip, `notion-sync status`,
// the Documents view, decorations, Source Control). Pure: derived from the
// mapping, what the last scan found in the file, and whether the file was
// saved with edits the engine has not compared yet. Surfaces never derive a
// state themselves, so they cannot disagree.
import type { DocumentRow, MapRow, MapState } from '../store/types';

export interface FileStatus {
  readonly map: MapRow;
  readonly state: MapState;
  /** Why the file is in error: the engine's last error, else what the scan found (invalid frontmatter…). */
  readonly problem: string | null;
}

export type StateCounts = Record<MapState, number>;

/**
 * One state per file, by precedence: trashed, conflict, error (the engine's or
 * the scan's), modified (by the engine or by a save not compared yet), pending,
 * synced. A file edited into invalid frontmatter is an error, not "synced".
 */
export function fileStatus(map: MapRow, scanProblems: readonly string[] = [], savedSinceSync = false): FileStatus {
  // A database folder is not a file the scan reads: only a page's file has scan problems.
  const scanned = map.notionType === 'page' && scanProblems.length ? scanProblems.join('; ') : null;
  const problem = map.lastError ?? scanned;
  if (map.state === 'trashed' || map.state === 'conflict') return { map, state: map.state, problem: map.lastError };
  if (map.state === 'error' || scanned) return { map, state: 'error', problem };
  if (map.state === 'synced' && savedSinceSync) return { map, state: 'modified', problem: null };
  return { map, state: map.state, problem: null };
}

/** Every mapping's status, by path. */
export function fileStatuses(maps: readonly MapRow[], documents: readonly Pick<DocumentRow, 'path' | 'diagnostics'>[], savedSinceSync: ReadonlySet<string>): Map<string, FileStatus> {
  const problems = new Map(documents.filter((d) => d.diagnostics.length > 0).map((d) => [d.path, d.diagnostics]));
  const out = new Map<string, FileStatus>();
  for (const m of maps) out.set(m.path, fileStatus(m, problems.get(m.path), savedSinceSync.has(m.path)));
  return out;
}

export function emptyCounts(): StateCounts {
  return { synced: 0, modified: 0, conflict: 0, pending: 0, error: 0, trashed: 0 };
}

/** The counts in words, the same on every surface ("3 documents: 1 synced, …"); trashed files are not counted as documents. */
export function describeCounts(d: StateCounts): string {
  const total = d.synced + d.modified + d.conflict + d.pending + d.error;
  return `${total} document${total === 1 ? '' : 's'}: ${countsInWords(d)}`;
}

/** "1 synced, 0 modified locally, 0 pending, 0 in conflict, 1 with errors". */
export function countsInWords(d: StateCounts): string {
  return `${d.synced} synced, ${d.modified} modified locally, ${d.pending} pending, ${d.conflict} in conflict, ${d.error} with errors`;
}

/** Files per state: pages only (a database folder is not a file the person edits). */
export function countStates(statuses: Iterable<FileStatus>): StateCounts {
  const counts = emptyCounts();
  for (const s of statuses) if (s.map.notionType === 'page') counts[s.state]++;
  return counts;
}
