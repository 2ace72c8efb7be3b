// Bidirectional mode: new bytes under a medium's name are a local edit of the
// page(s) linking it, though no markdown changed. The workspace scan reads
// only markdown, so each scan also checks the media binder_resources knows:
// a stat per file, and a hash only when its size or time moved since its bytes
// were last found to be the recorded ones. The page is then queued for a push,
// which puts the new bytes into the medium's existing block (mediaPush.ts).
import type { MediaRow } from '../store/types';
import type { EngineContext } from './context';
import { localBytes, statMedia } from './mediaFiles';

/** Whether the row's local copy holds other bytes than recorded; a copy found unchanged has its mtime noted. */
async function bytesChanged(ctx: EngineContext, row: MediaRow): Promise<boolean> {
  const st = await statMedia(ctx, row.localPath);
  if (!st || (st.size === row.size && st.mtimeMs === row.mtimeMs)) return false;
  const now = await localBytes(ctx, row.localPath).catch(() => null);
  if (!now) return false;
  if (now.hash !== row.hash) return true;
  ctx.store.saveMedia({ ...row, mtimeMs: st.mtimeMs });
  return false;
}

/** Queues a push of every synced page whose linked media changed on disk. Returns how many were queued. */
export async function noticeMediaEdits(ctx: EngineContext): Promise<number> {
  if (ctx.settings.mode !== 'bidirectional') return 0;
  const changed = new Map<string, boolean>();
  const pages = new Map<string, string>();
  for (const row of ctx.store.listMedia()) {
    if (row.state !== 'synced' || row.hash === null || pages.has(row.pageNotionId)) continue;
    if (!changed.has(row.localPath)) changed.set(row.localPath, await bytesChanged(ctx, row));
    if (changed.get(row.localPath)) pages.set(row.pageNotionId, row.localPath);
  }
  let queued = 0;
  for (const [pageId, localPath] of pages) {
    const map = ctx.store.getMapByNotionId(pageId);
    if (!map || map.notionType !== 'page' || (map.state !== 'synced' && map.state !== 'modified')) continue;
    ctx.store.enqueue({ operation: 'push', notionId: map.notionId, localId: map.localId, source: 'user' });
    ctx.store.appendLog({ level: 'info', operation: 'edit', notionId: map.notionId, localId: map.localId, message: `media changed locally: ${localPath}` });
    queued++;
  }
  return queued;
}
