// A conflict resolved by a merge the person made (conflict markers resolved in
// a working copy): the merged text replaces the synced file, whose text is
// backed up first. Notion's version becomes the base, so the merge reads as a
// local change against it: kept local in publish mode, pushed in bidirectional.
import path from 'node:path';
import { backupThenWrite } from '../documents/atomicWrite';
import { BACKUP_DIR } from '../settings';
import type { ConflictRow } from '../store/types';
import type { EngineContext } from './context';
import { fileHash } from './render';

// Start and end markers only: a line of seven '=' is also a setext heading's underline.
const MARKER = /^(<{7}|>{7})( |$)/m;

/** True when the text still holds a git-style conflict start or end marker line. */
export function hasConflictMarkers(text: string): boolean {
  return MARKER.test(text);
}

export async function resolveWithMergedText(ctx: EngineContext, c: ConflictRow, text: string): Promise<{ path: string; backup: string | null }> {
  const { store } = ctx;
  if (hasConflictMarkers(text)) throw new Error(`the merge of ${c.path} still has conflict markers: accept a side for each conflict first`);
  const abs = await backupThenWrite(ctx.workspace, c.path, text, BACKUP_DIR);
  const backup = abs && path.relative(ctx.workspace, abs).split(path.sep).join('/');
  const same = fileHash(text) === c.remoteHash;
  store.transaction(() => {
    store.upsertMap({ localId: c.localId, remoteHash: c.remoteHash, localHash: c.remoteHash, state: same ? 'synced' : 'modified', lastError: null });
    store.setBase(c.localId, c.remoteContent, c.remoteHash);
    store.resolveConflict(c.id, 'merged');
    store.appendLog({
      level: 'info',
      operation: 'resolve',
      notionId: c.notionId,
      localId: c.localId,
      message: `merged ${c.path}${same ? " (same as Notion's version)" : ''}${backup ? `; previous text kept at ${backup}` : ''}`,
    });
    if (!same && ctx.settings.mode === 'bidirectional' && c.notionId) store.enqueue({ operation: 'push', notionId: c.notionId, localId: c.localId, source: 'user' });
  });
  await store.flush();
  return { path: c.path, backup };
}
