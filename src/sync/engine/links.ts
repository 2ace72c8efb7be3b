// Linking a local file to a Notion page, and unlinking it. Both run as blocking
// operations through the engine's gate (with the page's lock), so they never
// interleave with a refresh of the same page.
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import { sameId } from '../notion/ids';
import { SettingsError } from '../settings';
import type { EngineContext } from './context';
import { UNLINKED_KEY, unlinkedIds } from './unlinked';

/** Removes the mapping: the file stays on disk, no longer synced, and is not pulled or adopted again. */
export async function unlinkFile(ctx: EngineContext, localId: string): Promise<boolean> {
  const { store } = ctx;
  const map = store.getMapByLocalId(localId);
  if (!map) return false;
  store.transaction(() => {
    store.deleteMap(map.localId);
    // Remembered, so the page (still under a synced root) is not pulled again
    // and the file (still carrying notion_id) is not adopted again.
    store.setConfig(UNLINKED_KEY, [...new Set([...unlinkedIds(store), map.notionId])]);
    const c = store.getConflictForDocument(map.localId);
    if (c && c.resolvedAt === null) store.resolveConflict(c.id, 'keep_local');
    store.appendLog({ level: 'info', operation: 'unlink', notionId: map.notionId, localId: map.localId, message: `unlinked ${map.path}` });
  });
  await store.flush();
  return true;
}

/** Maps `relPath` to the page: the next pull compares them (a difference is a conflict, never an overwrite). */
export async function linkFile(ctx: EngineContext, relPath: string, pageId: string): Promise<void> {
  const { store } = ctx;
  const page = await ctx.gateway.getPage(pageId);
  const text = await readWorkspaceText(ctx.workspace, relPath);
  if (text === null) throw new SettingsError(`${relPath} does not exist`);
  const parsed = parseDocument(text, relPath);
  if (!parsed.ok) throw new SettingsError(`${relPath}: ${parsed.diagnostic.message}`);
  const existing = store.getMapByNotionId(page.id);
  if (existing && existing.state !== 'trashed' && existing.path !== relPath) {
    throw new SettingsError(`that Notion page is already linked to ${existing.path}; unlink it first`);
  }
  store.transaction(() => {
    store.setConfig(UNLINKED_KEY, unlinkedIds(store).filter((u) => !sameId(u, page.id)));
    store.upsertMap({
      localId: existing?.localId ?? `notion:${page.id}`,
      notionId: page.id,
      notionType: 'page',
      path: relPath,
      title: page.title,
      url: page.url,
      localHash: null,
      remoteHash: null,
      state: 'pending',
    });
    store.enqueue({ operation: 'update', notionId: page.id, source: 'user' });
  });
  await store.flush();
}
