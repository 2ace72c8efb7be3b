// A pull writes a page's new version into its file first and saves the state
// that goes with it (the mapping's hashes, the base) after; that state reaches
// the state file with the next flush. A crash (kill -9, power) in between left
// a file the next run did not recognise: it took it for a local edit, and once
// Notion changed again, a page edited only in Notion became a conflict.
//
// So a write is announced before it is made, in a small journal beside the
// state database (store/journal.ts: appended and fsynced in groups, not a
// flush of the whole database per file): the page, the file and a hash of the
// exact text. On open, a file holding exactly an announced text while its
// mapping still describes an older version is taken as written: the mapping
// and the base become what the pull would have saved. The journal is emptied
// once the state it covers is flushed (at the end of each job, and on close).
import { readWorkspaceText } from '../documents/workspaceFs';
import type { EngineContext } from './context';
import { fileHash } from './render';
import { exactHash, type WriteIntent } from './writeJournal';

/** On open: files a crashed run wrote but whose state it did not save are taken as written. Returns how many. */
export async function recoverInterruptedWrites(ctx: EngineContext): Promise<number> {
  const intents = ctx.writeIntents;
  if (!intents) return 0;
  // The last announcement per page: an earlier one was overtaken by a later write.
  const latest = new Map<string, WriteIntent>();
  for (const r of await intents.read()) latest.set(r.localId, r);
  let taken = 0;
  for (const r of latest.values()) if (await takeAsWritten(ctx, r)) taken++;
  if (taken) ctx.logger.info(`${taken} file(s) written by an interrupted run were recognised as that run's writes`);
  await intents.settle(() => ctx.store.flush());
  return taken;
}

async function takeAsWritten(ctx: EngineContext, r: WriteIntent): Promise<boolean> {
  const { store } = ctx;
  const text = await readWorkspaceText(ctx.workspace, r.path).catch(() => null);
  // Not written after all, or edited since: the file is the user's, decided as usual.
  if (text === null || exactHash(text) !== r.sha) return false;
  const hash = fileHash(text);
  const map = store.getMapByLocalId(r.localId);
  if (map?.localHash === hash) return false; // its state was saved
  if (map?.notionLastEditedTime && r.lastEdited && Date.parse(map.notionLastEditedTime) > Date.parse(r.lastEdited)) return false; // a later version was saved
  const base = r.base ?? text;
  const baseHash = r.base === undefined ? hash : fileHash(r.base);
  store.transaction(() => {
    store.upsertMap({
      localId: r.localId,
      notionId: r.notionId,
      notionType: 'page',
      rootId: r.rootId,
      parentNotionId: r.parentNotionId,
      path: r.path,
      title: r.title,
      url: r.url,
      localHash: hash,
      remoteHash: baseHash,
      notionLastEditedTime: r.lastEdited ?? undefined,
      // The time of the write, not now: discovery trusts a mapping synced a minute after an edit to have seen it.
      syncedAt: r.syncedAt ?? undefined,
      publishedAt: r.syncedAt ?? undefined,
      state: 'synced',
      lastError: null,
    });
    store.setBase(r.localId, base, baseHash);
    store.appendLog({ level: 'info', operation: 'pull', notionId: r.notionId, localId: r.localId, message: `a write cut short by an interruption had reached the file; its version is the base now: ${r.path}` });
  });
  return true;
}
