// A conflict resolved by picking a side. Accepting Notion's version first copies
// the local file into the backup folder, so the local words stay recoverable;
// keeping the local version leaves the file alone and marks it modified.
// (A merge the person made is resolveMerged.ts.)
import path from 'node:path';
import { backupThenWrite } from '../documents/atomicWrite';
import { readWorkspaceText, writeWorkspaceFile } from '../documents/workspaceFs';
import { BACKUP_DIR } from '../settings';
import type { ConflictRow } from '../store/types';
import type { EngineContext } from './context';
import { fileHash } from './render';

export interface Resolved {
  path: string;
  /** Workspace-relative path of the local text kept aside, when Notion's version replaced it. */
  backup: string | null;
}

export async function resolveBySide(ctx: EngineContext, c: ConflictRow, side: 'notion' | 'local'): Promise<Resolved> {
  const backup = side === 'notion' ? await acceptNotion(ctx, c) : await keepLocal(ctx, c);
  await ctx.store.flush();
  return { path: c.path, backup };
}

async function acceptNotion(ctx: EngineContext, c: ConflictRow): Promise<string | null> {
  const { store } = ctx;
  const abs = await backupThenWrite(ctx.workspace, c.path, c.remoteContent, BACKUP_DIR);
  const backup = abs && path.relative(ctx.workspace, abs).split(path.sep).join('/');
  store.transaction(() => {
    store.upsertMap({ localId: c.localId, localHash: c.remoteHash, remoteHash: c.remoteHash, state: 'synced', publishedAt: ctx.now(), syncedAt: ctx.now(), lastError: null });
    store.setBase(c.localId, c.remoteContent, c.remoteHash);
    store.resolveConflict(c.id, 'accept_remote');
    store.appendLog({ level: 'info', operation: 'resolve', notionId: c.notionId, localId: c.localId, message: `accepted Notion's version of ${c.path}${backup ? `; local copy kept at ${backup}` : ''}` });
  });
  return backup;
}

async function keepLocal(ctx: EngineContext, c: ConflictRow): Promise<null> {
  const { store } = ctx;
  const map = store.getMapByLocalId(c.localId);
  const onDisk = await readWorkspaceText(ctx.workspace, c.path);
  const text = onDisk ?? c.localContent;
  if (onDisk === null) await writeWorkspaceFile(ctx.workspace, c.path, text);
  store.transaction(() => {
    // Notion's version becomes the base: a later Notion edit conflicts again, an unchanged Notion leaves the file be.
    store.upsertMap({ localId: c.localId, remoteHash: c.remoteHash, localHash: map?.localHash ?? c.baseHash, state: 'modified' });
    store.setBase(c.localId, c.remoteContent, c.remoteHash);
    store.resolveConflict(c.id, 'keep_local');
    store.appendLog({ level: 'info', operation: 'resolve', notionId: c.notionId, localId: c.localId, message: `kept the local version of ${c.path}` });
    // Bidirectional: the kept version goes to Notion, over the version just seen there.
    if (ctx.settings.mode === 'bidirectional' && c.notionId) store.enqueue({ operation: 'push', notionId: c.notionId, localId: c.localId, source: 'user' });
  });
  if (fileHash(text) === c.remoteHash) store.setMapState(c.localId, 'synced');
  return null;
}
