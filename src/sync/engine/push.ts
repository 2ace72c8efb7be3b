// Bidirectional mode: a local edit goes to Notion as targeted changes. Only
// when Notion is still at the stored base (otherwise the pull merges first);
// never for partial pages, whose Notion content the file cannot carry.
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText, UnsafePathError } from '../documents/workspaceFs';
import { bodyHash } from '../markdown';
import { frontmatterToProperties, schemaFromProperties } from '../notion/properties';
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import { attachPlaced, deleteUnlinkedMedia, forgetRemovedMedia, hasPlaceholders, hasReplacedMedia, uploadLocalMedia } from './mediaPush';
import { pushBody, readRemote, type RemoteBody } from './pushBody';
import { clearPushIntent, recordPushIntent } from './pushIntent';
import { PushRefused } from './pushRefused';
import { fileHash, propertyNameOf } from './render';

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

/** Frontmatter keys that are the page's properties, by property name. */
export function propertyValues(fm: Record<string, unknown>, page: NotionPage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const titleProp = Object.entries(page.properties).find(([, v]) => v.type === 'title')?.[0];
  for (const [key, value] of Object.entries(fm)) {
    const name = propertyNameOf(key);
    if (name !== null && name in page.properties && name !== titleProp) out[name] = value;
  }
  if (titleProp && typeof fm.title === 'string') out[titleProp] = fm.title;
  return out;
}

/** Notion's page, after attaching any upload an earlier push placed but did not attach (its placeholder is ours, not an edit of theirs). */
async function readRemoteAttached(ctx: EngineContext, notionId: string, path: string, signal?: AbortSignal): Promise<RemoteBody> {
  const remote = await readRemote(ctx, notionId, path, signal);
  if (!hasPlaceholders(ctx, notionId, remote.markdown) || !(await attachPlaced(ctx, notionId, signal))) return remote;
  return readRemote(ctx, notionId, path, signal);
}

/**
 * The body's edits with its media: new local media are uploaded first, blocks
 * of unlinked media deleted, then the edits place the new media and each
 * upload is attached to its block. False when Notion moved meanwhile.
 */
async function pushBodyAndMedia(ctx: EngineContext, notionId: string, path: string, body: string, remote: RemoteBody, signal?: AbortSignal): Promise<boolean> {
  await uploadLocalMedia(ctx, notionId, path, body, signal);
  const current = (await deleteUnlinkedMedia(ctx, notionId, path, body, signal)) ? await readRemote(ctx, notionId, path, signal) : remote;
  if (!(await pushBody(ctx, { notionId, path, localBody: body, remote: current, expectedHash: current.hash }, signal))) return false;
  await attachPlaced(ctx, notionId, signal);
  return true;
}

/** The page's file and stored base, parsed; a refusal when either cannot be pushed from. */
async function pushSides(ctx: EngineContext, map: MapRow) {
  const text = await readForPush(ctx, map.path);
  const local = parseDocument(text, map.path);
  if (!local.ok) throw new PushRefused(`${map.path}: ${local.diagnostic.message}`);
  if (local.frontmatter.notion_partial) {
    throw new PushRefused(`${map.path} holds only part of its Notion page (truncated or unsupported blocks); it is never pushed`);
  }
  const base = ctx.store.getBase(map.localId);
  if (!base) throw new PushRefused(`${map.path} has no base version yet; pull it first`);
  const baseDoc = parseDocument(base.content, map.path);
  if (!baseDoc.ok) throw new PushRefused(`${map.path}: the stored base is unreadable`);
  return { text, local, baseDoc };
}

export async function pushPage(ctx: EngineContext, notionId: string, signal?: AbortSignal): Promise<PushOutcome> {
  const { store, gateway } = ctx;
  const map = store.getMapByNotionId(notionId);
  if (!map || map.state === 'trashed') throw new PushRefused(`${notionId} is not a synced page`);
  if (ctx.settings.mode !== 'bidirectional') throw new PushRefused('pushing local edits needs bidirectional mode');
  const { text, local, baseDoc } = await pushSides(ctx, map);

  // Notion must still be where the base says, or the edit would overwrite theirs.
  const remote = await readRemoteAttached(ctx, notionId, map.path, signal);
  const page = remote.page;
  if (remote.lossy) {
    throw new PushRefused(`${map.path}: Notion's page holds content markdown cannot carry; not pushed`);
  }
  if (remote.hash !== map.remoteHash) return 'remote-moved';
  // New bytes under a linked medium's name change no text: the push is theirs alone.
  const replaced = await hasReplacedMedia(ctx, map.path, local.body);
  if (fileHash(text) === remote.hash && !replaced) return 'in-sync';

  const before = propertyValues(baseDoc.frontmatter, page);
  const after = propertyValues(local.frontmatter, page);
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(v) !== JSON.stringify(before[k])) changed[k] = v;
  await recordPushIntent(ctx, map.localId, text);
  if (Object.keys(changed).length) {
    const payload = frontmatterToProperties(changed, schemaFromProperties(page.properties), { skipReadOnly: true });
    if (Object.keys(payload).length) await gateway.updatePageProperties(notionId, payload, signal);
  }
  if (bodyHash(local.body) === bodyHash(baseDoc.body)) {
    if (replaced) await uploadLocalMedia(ctx, notionId, map.path, local.body, signal, true);
  } else if (!(await pushBodyAndMedia(ctx, notionId, map.path, local.body, remote, signal))) return 'remote-moved';

  // Notion's canonical form of what we sent becomes the base; the file stays as the user wrote it.
  const fresh = await readRemote(ctx, notionId, map.path, signal);
  const page2 = fresh.page;
  const canonical = fresh.text;
  const canonicalHash = fresh.hash;
  store.transaction(() => {
    forgetRemovedMedia(ctx, notionId, fresh.markdown);
    store.upsertMap({
      localId: map.localId,
      localHash: fileHash(text),
      remoteHash: canonicalHash,
      notionLastEditedTime: page2.lastEditedTime,
      state: 'synced',
      syncedAt: ctx.now(),
      lastError: null,
    });
    store.setBase(map.localId, canonical, canonicalHash);
    clearPushIntent(ctx, map.localId);
    store.appendLog({ level: 'info', operation: 'push', notionId, localId: map.localId, message: `pushed local edits of ${map.path}` });
  });
  return 'pushed';
}
