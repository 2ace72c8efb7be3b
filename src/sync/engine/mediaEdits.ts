// Bidirectional mode: new bytes under a medium's name are a local edit of the
// page(s) linking it, though no markdown changed. The workspace scan reads
// only markdown, so each scan also checks the media binder_resources knows:
// a stat per file, and a hash only when its modification time moved since the
// last look. The page is then queued for a push, which puts the new bytes into
// the medium's existing block (mediaPush.ts).
import type { MediaRow } from '../store/types';
import type { EngineContext } from './context';
import { localBytes, statMedia } from './mediaFiles';

/**
 * Whether the row's local copy was written since the last look and holds other
 * bytes than Notion's. The time of each look is noted, so a change is noticed
 * once, like an edit of a markdown file: a push refused for it (a file over the
 * plan's limit) is not queued again by every scan, only after the next change.
 */
async function bytesChanged(ctx: EngineContext, row: MediaRow): Promise<boolean> {
  const st = await statMedia(ctx, row.localPath);
  if (!st || st.mtimeMs === row.mtimeMs) return false;
  const now = await localBytes(ctx, row.localPath).catch(() => null);
  if (!now) return false;
  ctx.store.saveMedia({ ...row, mtimeMs: st.mtimeMs });
  return now.hash !== row.hash;
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
