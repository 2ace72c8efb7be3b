// A synced page's file deleted locally. Local deletions are not sent to Notion
// (a file can vanish for many reasons: a branch switch, a cleanup, an editor's
// rename done as delete + create), so the page stays in Notion and in the
// mapping. Left alone, the file would be missing while every surface said
// "synced", and would come back at some later pull only if Notion happened to
// change the page. Instead the next pull brings it back at once and says why,
// and the person who wants it gone unlinks the file or trashes the page.
import { UnsafePathError, workspaceEntryExists } from '../documents/workspaceFs';
import type { EngineContext } from './context';

/** Queues a refresh of every synced page whose file is gone; returns how many. */
export async function restoreDeletedFiles(ctx: EngineContext): Promise<number> {
  const { store } = ctx;
  let queued = 0;
  for (const map of store.listMapsWithoutDocument(['synced', 'modified'])) {
    if (await exists(ctx, map.path)) continue; // excluded from the scan, or a link: not ours to judge
    store.enqueue({ operation: 'update', notionId: map.notionId, localId: map.localId, source: 'engine' });
    queued++;
  }
  return queued;
}

async function exists(ctx: EngineContext, rel: string): Promise<boolean> {
  try {
    return await workspaceEntryExists(ctx.workspace, rel);
  } catch (e) {
    if (e instanceof UnsafePathError) return true;
    throw e;
  }
}
