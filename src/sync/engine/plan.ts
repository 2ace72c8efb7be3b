// The plan of a pull, as values: what may happen to one page's file, decided
// from Notion's state, the file's state and the stored base, by pure functions
// (no disk, no store, no Notion). The appliers (fileApply.ts for a file's
// content, pageSync.ts for placement) are the only code that carries actions
// out; a dry run carries them out on a copy of the state and a preview of the
// files (previewFiles.ts), so it reports exactly what a pull would do.
import type { SyncMode } from '../settings';
import type { MapState } from '../store/types';
import type { ChangeRecord } from './context';
import { mergeThreeWay } from './merge';
import { reconcile } from './reconcile';
import { fileHash } from './render';

/** The report's word for a file the person deleted and the pull brought back (localDeletes.ts). */
export const RESTORED_DETAIL = 'deleted locally; restored from Notion (local deletions are not sent to Notion: Unlink File stops syncing a file)';

/** What the mapping of the file records after the plan; fields left out keep their value. */
export interface MappingUpdate {
  state: MapState;
  localHash?: string | null;
  remoteHash?: string;
  publishedAt?: 'now';
  /** 'now', or the value to keep (a file kept local keeps its last sync time). */
  syncedAt?: 'now' | number | null;
  lastError?: null;
}

export type FileAction =
  /** Replace the file, only while it still holds `expected` (null: no file); keep a backup first when asked. */
  | { kind: 'write-file'; path: string; text: string; expected: string | null; backupFirst: boolean }
  | { kind: 'update-mapping'; mapping: MappingUpdate }
  /** The version both sides agree they started from: the next three-way merge's base. */
  | { kind: 'set-base'; text: string; hash: string }
  | { kind: 'record-conflict'; base: { content: string; hash: string } | null; local: { text: string; hash: string }; remote: { text: string; hash: string } }
  /** Bidirectional: send the local version to Notion (queued). */
  | { kind: 'push-edit' }
  /** A line of the pull's report, and one of the sync log. */
  | { kind: 'report'; change: ChangeRecord['action']; detail?: string }
  | { kind: 'log'; message: string; level: 'info' | 'warn' };

export type PlacementAction =
  /** Soft delete: the file (and its children's folder) to the workspace trash. */
  | { kind: 'trash'; reason: string }
  /** Notion moved or renamed the page: its file (and folder) follow. */
  | { kind: 'move-file'; from: string; to: string }
  /** The page's parent has no file yet: sync the parent first, then place the page under it. */
  | { kind: 'sync-parent'; notionId: string };

export interface FileSituation {
  mode: SyncMode;
  /** Where the file is (already placed). */
  path: string;
  /** Notion's version rendered as a file; `newerThanFile`: Notion changed after the file's notion_last_edited. */
  remote: { text: string; newerThanFile: boolean };
  /** The file now; null when there is none. */
  local: string | null;
  /** What we recorded when we last wrote or verified the file; null for a page new to this pull. */
  known: { localHash: string | null; remoteHash: string | null; state: MapState; syncedAt: number | null } | null;
  base: { content: string; hash: string } | null;
}

/** Decides one page's file: reconcile() picks the case, and the case is spelled out as actions. */
export function planFile(s: FileSituation): FileAction[] {
  const localHash = s.local === null ? null : fileHash(s.local);
  const remote = { text: s.remote.text, hash: fileHash(s.remote.text) };
  const decision = reconcile({ mode: s.mode, known: s.known, localHash, remoteHash: remote.hash, remoteNewerThanFile: s.remote.newerThanFile });
  switch (decision) {
    case 'write':
      return writeRemote(s, remote);
    case 'unchanged':
      return [];
    case 'in-sync':
      return [
        { kind: 'update-mapping', mapping: { localHash, remoteHash: remote.hash, state: 'synced', syncedAt: 'now', lastError: null } },
        ...(!s.base || s.known?.remoteHash !== remote.hash ? [setBase(remote)] : []),
      ];
    case 'keep-local':
      return keepLocal(s, remote);
    case 'merge':
      return mergeOrConflict(s, remote);
    case 'conflict':
      return conflict(s, remote);
  }
}

/** Notion's version replaces a file that is absent or as we left it. */
function writeRemote(s: FileSituation, remote: { text: string; hash: string }): FileAction[] {
  // The file is as we last left it; if that was not Notion's text (a pushed edit Notion reformatted), keep a copy.
  const backupFirst = s.local !== null && s.base !== null && s.base.content !== s.local;
  return [
    { kind: 'write-file', path: s.path, text: remote.text, expected: s.local, backupFirst },
    restoredOrWritten(s),
    { kind: 'update-mapping', mapping: { localHash: remote.hash, remoteHash: remote.hash, state: 'synced', publishedAt: 'now', syncedAt: 'now', lastError: null } },
    setBase(remote),
    { kind: 'log', level: 'info', message: s.local === null ? 'created' : 'updated' },
  ];
}

/** A file we had written and the person deleted comes back with a word on why (localDeletes.ts). */
function restoredOrWritten(s: FileSituation): FileAction {
  if (s.local !== null) return { kind: 'report', change: 'update' };
  const deleted = s.known !== null && s.known.localHash !== null && (s.known.state === 'synced' || s.known.state === 'modified');
  return deleted ? { kind: 'report', change: 'update', detail: RESTORED_DETAIL } : { kind: 'report', change: s.known ? 'update' : 'create' };
}

/** Only the local side changed: the file stays, marked modified; bidirectional pushes it. */
function keepLocal(s: FileSituation, remote: { text: string; hash: string }): FileAction[] {
  const news = s.known?.state !== 'modified';
  return [
    ...(news ? [{ kind: 'report', change: 'keep-local', detail: 'edited locally; Notion unchanged' } as const] : []),
    { kind: 'update-mapping', mapping: { remoteHash: remote.hash, state: 'modified', syncedAt: s.known?.syncedAt ?? null } },
    // A file adopted without a base, Notion unchanged since it was written: Notion's text is where the edits started.
    ...(!s.base && !s.remote.newerThanFile ? [setBase(remote)] : []),
    ...(news ? [{ kind: 'log', level: 'info', message: 'kept local edits (Notion unchanged)' } as const] : []),
    ...(s.mode === 'bidirectional' && s.known ? [{ kind: 'push-edit' } as const] : []),
  ];
}

/** Bidirectional, both sides changed: a clean three-way merge is written and pushed; an overlap is a conflict. */
function mergeOrConflict(s: FileSituation, remote: { text: string; hash: string }): FileAction[] {
  const merged = s.base && s.local !== null ? mergeThreeWay(s.base.content, s.local, remote.text) : null;
  if (!merged || !merged.clean) return conflict(s, remote);
  return [
    { kind: 'write-file', path: s.path, text: merged.text, expected: s.local, backupFirst: false },
    { kind: 'report', change: 'merge', detail: 'merged local and Notion edits' },
    { kind: 'update-mapping', mapping: { localHash: fileHash(merged.text), remoteHash: remote.hash, state: 'modified', publishedAt: 'now' } },
    setBase(remote),
    { kind: 'log', level: 'info', message: 'merged local and Notion edits' },
    { kind: 'push-edit' },
  ];
}

/** Edited on both sides (or a merge that overlapped): the local words stay; all three versions are recorded. */
function conflict(s: FileSituation, remote: { text: string; hash: string }): FileAction[] {
  const report: FileAction = { kind: 'report', change: 'conflict', detail: 'edited on both sides' };
  if (s.local === null) return [report];
  return [
    report,
    { kind: 'record-conflict', base: s.base, local: { text: s.local, hash: fileHash(s.local) }, remote },
    { kind: 'update-mapping', mapping: { state: 'conflict' } },
    { kind: 'log', level: 'warn', message: 'conflict: edited locally and in Notion' },
  ];
}

function setBase(remote: { text: string; hash: string }): FileAction {
  return { kind: 'set-base', text: remote.text, hash: remote.hash };
}

/** Where a page's parent stands: a synced folder, a page with no file yet, or outside every root. */
export type ParentStanding<P> = { kind: 'placed'; placement: P } | { kind: 'not-synced'; notionId: string } | { kind: 'outside' };

/** Notion no longer has the page (or it is in Notion's trash): its file, if any, goes to the workspace trash. */
export function planGone(notion: 'missing' | 'in-trash', known: { path: string } | null): PlacementAction[] {
  if (!known) return [];
  return [{ kind: 'trash', reason: notion === 'missing' ? 'no longer shared or deleted in Notion' : 'moved to the trash in Notion' }];
}

/** A page whose parent has no file yet waits for it (a new subtree is pulled parent first); one outside every root is trashed. */
export function planParent<P>(parent: ParentStanding<P>, known: { path: string } | null): PlacementAction[] {
  if (parent.kind === 'not-synced') return [{ kind: 'sync-parent', notionId: parent.notionId }];
  // Moved out from under every synced root: like a delete, the file goes to the trash.
  if (parent.kind === 'outside') return known ? [{ kind: 'trash', reason: 'moved out of the synced pages in Notion' }] : [];
  return [];
}

/** Notion moved or renamed the page: the file follows to the path it now belongs at. */
export function planMove(known: { path: string } | null, target: string): PlacementAction[] {
  return known && known.path !== target ? [{ kind: 'move-file', from: known.path, to: target }] : [];
}
