// The decision at the heart of a pull: given what we last wrote, what the file
// holds now and what Notion holds now, what may we do without losing words?
import type { SyncMode } from '../settings';

export interface ReconcileInput {
  mode: SyncMode;
  /** Hashes recorded when we last wrote or verified the file; null when unknown (new page, lost database). */
  known: { localHash: string | null; remoteHash: string | null } | null;
  /** Hash of the file as it is on disk now; null when there is no file. */
  localHash: string | null;
  /** Hash of Notion's version rendered as a file. */
  remoteHash: string;
  /** For a file adopted without a known base: did Notion change after the file was written? */
  remoteNewerThanFile?: boolean;
}

export type ReconcileAction =
  /** Write Notion's version: the file is absent or unchanged since we wrote it. */
  | 'write'
  /** Both sides already agree: record the hashes, write nothing. */
  | 'in-sync'
  /**
   * Neither side moved since we last settled them, though they differ (a merge
   * waiting to be pushed, or Notion's reformatting of our own push): nothing to do.
   */
  | 'unchanged'
  /** Only the local side changed: leave the file alone, mark it modified. */
  | 'keep-local'
  /** Both sides changed (publish mode), or the base is unknown and they differ: record a conflict. */
  | 'conflict'
  /** Both sides changed in bidirectional mode: try a three-way merge against the base. */
  | 'merge';

export function reconcile(input: ReconcileInput): ReconcileAction {
  const { known, localHash, remoteHash } = input;
  if (localHash === null) return 'write';
  if (localHash === remoteHash) return 'in-sync';
  if (!known || known.localHash === null) {
    // A file we did not write in this database's memory (state lost, or adopted):
    // without a base we cannot tell whose edit it is, so only a Notion side that
    // did not move since the file was written lets us keep it quietly.
    return input.remoteNewerThanFile ? 'conflict' : 'keep-local';
  }
  const localChanged = localHash !== known.localHash;
  const remoteChanged = known.remoteHash === null || remoteHash !== known.remoteHash;
  if (!localChanged) return remoteChanged ? 'write' : 'unchanged';
  if (!remoteChanged) return 'keep-local';
  return input.mode === 'bidirectional' ? 'merge' : 'conflict';
}
