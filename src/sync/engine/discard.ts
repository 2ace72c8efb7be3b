// Discard Local Changes, in git's sense: a synced file goes back to the version
// last pulled from Notion (its stored base). The text it had is first copied to
// the backup folder, so the discard can be undone; pushes queued for the file
// are dropped, since the words they would send are gone.
import path from 'node:path';
import { backupThenWrite } from '../documents/atomicWrite';
import { BACKUP_DIR, SettingsError } from '../settings';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import { fileHash } from './render';

export interface DiscardResult {
  path: string;
  /** Workspace-relative path of the previous text, or null when the file already held Notion's version. */
  backup: string | null;
}

export async function discardLocalChanges(ctx: EngineContext, map: MapRow): Promise<DiscardResult> {
  const { store } = ctx;
  if (map.notionType !== 'page') throw new SettingsError(`${map.path} is a database folder: discard the changes of its rows instead`);
  const conflict = store.getConflictForDocument(map.localId);
  if (conflict && conflict.resolvedAt === null) {
    throw new SettingsError(`${map.path} is in conflict with Notion: resolve it (Accept Notion Version takes Notion's text)`);
  }
  const base = store.getBase(map.localId);
  if (!base) throw new SettingsError(`no version of ${map.path} has been pulled from Notion yet: run Pull first`);
  const abs = await backupThenWrite(ctx.workspace, map.path, base.content, BACKUP_DIR);
  const backup = abs && path.relative(ctx.workspace, abs).split(path.sep).join('/');
  const pushes = store.getQueue({ status: ['pending', 'error'] }).filter((op) => op.operation === 'push' && op.localId === map.localId);
  store.transaction(() => {
    for (const op of pushes) store.removeOperation(op.id);
    store.upsertMap({ localId: map.localId, localHash: fileHash(base.content), state: 'synced', lastError: null });
    store.appendLog({
      level: 'info',
      operation: 'discard',
      notionId: map.notionId,
      localId: map.localId,
      message: `discarded local changes to ${map.path}${backup ? `; previous text kept at ${backup}` : ''}`,
    });
  });
  await store.flush();
  return { path: map.path, backup };
}
