// Bidirectional mode: a local edit goes to Notion as targeted changes. Only
// when Notion is still at the stored base (otherwise the pull merges first);
// never for partial pages, whose Notion content the file cannot carry.
import { readWorkspaceText, UnsafePathError } from '../documents/workspaceFs';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import { attachPlaced, deleteUnlinkedMedia, forgetRemovedMedia, hasPlaceholders, hasReplacedMedia, uploadLocalMedia } from './mediaPush';
import { pushBody, readRemote, renderRemote, type RemoteBody, type SentBody } from './pushBody';
import { clearPushIntent, recordPushIntent } from './pushIntent';
import { PushRefused } from './pushRefused';
import { checkPushable, planPush, type PushPlan } from './pushPlan';
import { fileHash } from './render';

export { PushRefused } from './pushRefused';

/** A file's text for a push or a create; never read through a symbolic link (a refusal, not a retry). */
export async function readForPush(ctx: EngineContext, relPath: string): Promise<string> {
  let text: string | null;
  try {
    text = await readWorkspaceText(ctx.workspace, relPath);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new PushRefused(e.message);
    throw e;
  }
  if (text === null) throw new PushRefused(`${relPath} no longer exists`);
  return text;
}

export type PushOutcome = 'pushed' | 'in-sync' | 'remote-moved';

/** Notion's page, after attaching any upload an earlier push placed but did not attach (its placeholder is ours, not an edit of theirs). */
async function readRemoteAttached(ctx: EngineContext, notionId: string, path: string, signal?: AbortSignal): Promise<RemoteBody> {
  const remote = await readRemote(ctx, notionId, path, signal);
  if (!hasPlaceholders(ctx, notionId, remote.markdown) || !(await attachPlaced(ctx, notionId, signal))) return remote;
  return readRemote(ctx, notionId, path, signal);
}

/**
 * The body's edits with its media: new local media are uploaded first, blocks
 * of unlinked media deleted, then the edits place the new media and each
 * upload is attached to its block. False when Notion moved meanwhile; else
 * what our markdown write left (null when there was none, or when attached
 * uploads changed the page after it).
 */
async function pushBodyAndMedia(ctx: EngineContext, notionId: string, path: string, body: string, remote: RemoteBody, signal?: AbortSignal): Promise<false | SentBody | null> {
  await uploadLocalMedia(ctx, notionId, path, body, signal);
  const current = (await deleteUnlinkedMedia(ctx, notionId, path, body, signal)) ? await readRemote(ctx, notionId, path, signal) : remote;
  const sent = await pushBody(ctx, { notionId, path, localBody: body, remote: current, expectedHash: current.hash }, signal);
  if (sent === false) return false;
  return (await attachPlaced(ctx, notionId, signal)) > 0 ? null : sent;
}

export async function pushPage(ctx: EngineContext, notionId: string, signal?: AbortSignal): Promise<PushOutcome> {
  const { store } = ctx;
  const map = store.getMapByNotionId(notionId);
  if (!map || map.state === 'trashed') throw new PushRefused(`${notionId} is not a synced page`);
  if (ctx.settings.mode !== 'bidirectional') throw new PushRefused('pushing local edits needs bidirectional mode');
  const text = await readForPush(ctx, map.path);
  const pushable = checkPushable({ mode: ctx.settings.mode, path: map.path, text, base: store.getBase(map.localId)?.content ?? null });
  if (pushable.kind === 'refuse') throw new PushRefused(pushable.reason);
  const remote = await readRemoteAttached(ctx, notionId, map.path, signal);
  // New bytes under a linked medium's name change no text, yet they are an edit to push.
  const replacedMedia = await hasReplacedMedia(ctx, map.path, pushable.local.body);
  const plan = planPush(pushable, { ...remote, replacedMedia }, map.remoteHash);
  if (plan.kind === 'refuse') throw new PushRefused(plan.reason);
  if (plan.kind !== 'push') return plan.kind;
  return applyPush(ctx, map, plan, remote, signal);
}

/** Carries a push plan out: intent, properties, body and media, then Notion's canonical form as the new base. */
async function applyPush(ctx: EngineContext, map: MapRow, plan: Extract<PushPlan, { kind: 'push' }>, remote: RemoteBody, signal?: AbortSignal): Promise<PushOutcome> {
  const { store, gateway } = ctx;
  const { notionId } = map;
  await recordPushIntent(ctx, map.localId, plan.intent);
  if (plan.properties) await gateway.updatePageProperties(notionId, plan.properties, signal);
  const sent = plan.body !== null ? await pushBodyAndMedia(ctx, notionId, map.path, plan.body, remote, signal) : null;
  if (sent === false) return 'remote-moved';
  if (plan.body === null && plan.replacedMedia) await uploadLocalMedia(ctx, notionId, map.path, plan.localBody, signal, true);

  // Notion's canonical form of what we sent becomes the base; the file stays as the user wrote it.
  const fresh = await readRemote(ctx, notionId, map.path, signal);
  const base = await baseAfterPush(ctx, map.path, fresh, sent, signal);
  const raced = base !== fresh;
  store.transaction(() => {
    forgetRemovedMedia(ctx, notionId, fresh.markdown);
    store.upsertMap({
      localId: map.localId,
      localHash: fileHash(plan.intent),
      remoteHash: base.hash,
      notionLastEditedTime: raced ? null : fresh.page.lastEditedTime, // null: the next pull reads the page again
      state: 'synced',
      syncedAt: ctx.now(),
      lastError: null,
    });
    store.setBase(map.localId, base.text, base.hash);
    clearPushIntent(ctx, map.localId);
    store.appendLog({ level: 'info', operation: 'push', notionId, localId: map.localId, message: `pushed local edits of ${map.path}` });
  });
  return 'pushed';
}

/**
 * The base a push leaves: Notion's text read back, unless a colleague's edit
 * got into Notion around our write (before it: pushRace.ts; between it and the
 * read-back: their texts differ). Their edit is not in the file, so it must not
 * be in the base either (the next push would take it for a local deletion):
 * the base is then the page as our edits alone left it, and the next pull
 * merges their edit into the file. Compared by content, as signed media URLs
 * differ on every read.
 */
async function baseAfterPush(ctx: EngineContext, path: string, fresh: RemoteBody, sent: SentBody | null, signal?: AbortSignal): Promise<RemoteBody> {
  if (sent === null) return fresh;
  if (sent.foreign === null && sent.after.markdown === fresh.markdown) return fresh;
  const ours = await renderRemote(ctx, fresh.page, { ...sent.after, markdown: sent.foreign ?? sent.after.markdown }, path, signal);
  if (ours.hash === fresh.hash) return fresh;
  ctx.logger.info(`push ${path}: Notion changed ${sent.foreign === null ? 'right after' : 'just before'} the push; the next pull brings that change in`);
  return ours;
}
