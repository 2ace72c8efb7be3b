// A push is recorded, durably, before it is sent: a crash (kill -9, power) can
// come after Notion applied it and before the new base was saved. The next
// refresh then finds Notion holding exactly what was pushed, while the base is
// the version before; with more local edits made since, the three-way merge
// saw the same words added on both sides and called it a conflict. Instead, a
// refresh that finds Notion equal to the recorded push takes it as the base,
// as the push would have, and the later local edits are pushed in turn.
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import { fileHash } from './render';

const key = (localId: string) => `push.intent:${localId}`;

interface PushIntent {
  /** fileHash of the local text being pushed: Notion's hash once the push is applied. */
  hash: string;
}

export async function recordPushIntent(ctx: EngineContext, localId: string, text: string): Promise<void> {
  ctx.store.setConfig(key(localId), { hash: fileHash(text) });
  await ctx.store.flush();
}

/** In the transaction that saves the pushed version as the base. */
export function clearPushIntent(ctx: EngineContext, localId: string): void {
  ctx.store.deleteConfig(key(localId));
}

/**
 * Called by a refresh (under the page's lock) before it decides: when an
 * interrupted push reached Notion, the mapping and base become what the push
 * would have left, and the updated mapping is returned. A push that did not
 * reach Notion (or was overtaken by an edit there) is forgotten: the normal
 * decision follows, and the local edits are pushed again.
 */
export function adoptInterruptedPush(ctx: EngineContext, localId: string, page: NotionPage, remoteText: string, remoteHash: string): MapRow | null {
  const { store } = ctx;
  const intent = store.getConfig<PushIntent>(key(localId));
  if (!intent) return null;
  return store.transaction(() => {
    store.deleteConfig(key(localId));
    if (intent.hash !== remoteHash) return null;
    store.upsertMap({ localId, localHash: intent.hash, remoteHash, notionLastEditedTime: page.lastEditedTime, state: 'synced', syncedAt: ctx.now(), lastError: null });
    store.setBase(localId, remoteText, remoteHash);
    store.appendLog({ level: 'info', operation: 'push', notionId: page.id, localId, message: 'an interrupted push had reached Notion; its version is the base now' });
    return store.getMapByLocalId(localId) ?? null;
  });
}
