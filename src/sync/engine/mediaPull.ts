// Pull of a page's media: every file Notion hosts (and, with
// downloadExternalMedia, every external one) gets a local copy in the page's
// media folder, recorded in binder_resources. Notion signs URLs anew on every
// read, so a medium is known by its URL without signature (and its block): a
// re-pull downloads nothing whose local copy still has the recorded bytes. An
// expired URL is read again from its block; a failed download keeps the
// previous copy, marks the row `error` and is reported to the caller.
import path from 'node:path';
import { stripSignature, type Root } from '../markdown';
import { mediaOfBlock } from '../notion/files';
import type { MediaInput, MediaRow } from '../store/types';
import type { EngineContext } from './context';
import { fileNameOf, freeName, mediaDir, mediaIn, PLACEHOLDER, type MediaRef } from './media';
import { backupMedia, DownloadError, downloadTo, localBytes, statMedia, type Bytes } from './mediaFiles';

/** Pending pushes own their rows: a pull leaves them alone. */
const PULL_STATES = new Set(['synced', 'error']);

/**
 * Brings the page's media up to date beside `pagePath` (where the page's file
 * is now); `body` is the page's text as parsed (notionModel). Returns one line per medium that could not be downloaded.
 */
export async function pullMedia(ctx: EngineContext, pageId: string, body: Root, pagePath: string, signal?: AbortSignal): Promise<string[]> {
  const refs = mediaIn(body).filter((r) => r.hosted || (ctx.settings.downloadExternalMedia && !r.url.startsWith(PLACEHOLDER)));
  const rows = ctx.store.listMedia(pageId);
  const byUrl = new Map(rows.map((r) => [r.url, r]));
  const unknown = refs.filter((r) => !byUrl.has(r.stable)).map((r) => r.stable);
  const blocks = unknown.length ? await locateBlocks(ctx, pageId, new Set(unknown), signal) : new Map<string, string>();
  const taken = new Set(rows.map((r) => path.posix.basename(r.localPath)));
  const failures: string[] = [];
  const kept = new Set<number>();
  for (const ref of refs) {
    let row: MediaInput | MediaRow | undefined = byUrl.get(ref.stable);
    if (!row) {
      const blockId = blocks.get(ref.stable) ?? null;
      // The same block with another file (replaced in Notion): same local copy, new bytes.
      const same = blockId ? rows.find((r) => r.blockId === blockId && !kept.has(r.id)) : undefined;
      if (same) row = { ...same, url: ref.stable, state: 'error' };
      else {
        const name = freeName(fileNameOf(ref.stable, ref.kind), taken, blockId ?? ref.stable);
        taken.add(name);
        row = { pageNotionId: pageId, kind: ref.kind, url: ref.stable, title: ref.caption || null, blockId, localPath: `${mediaDir(pagePath)}/${name}`, state: 'error' };
      }
    }
    if ('id' in row && row.id !== undefined) kept.add(row.id);
    const failure = await ensureLocal(ctx, row, ref, signal);
    if (failure) failures.push(failure);
  }
  // Media gone from the page in Notion: the row goes; the local copy stays where it is (the user's file now).
  for (const row of rows) if (!kept.has(row.id) && PULL_STATES.has(row.state)) ctx.store.deleteMedia(row.id);
  return failures;
}

/** Downloads one medium unless its local copy already holds the recorded bytes. Returns a failure line, or null. */
async function ensureLocal(ctx: EngineContext, row: MediaInput | MediaRow, ref: MediaRef, signal?: AbortSignal): Promise<string | null> {
  const local = await localBytes(ctx, row.localPath);
  if (row.state === 'synced' && local && local.hash === row.hash) return null;
  if (row.state === 'synced' && local && row.hash && ctx.settings.mode === 'bidirectional') {
    // Changed here and not in Notion: the push sends it; pulling would undo the edit.
    return null;
  }
  if (ctx.dryRun) {
    ctx.store.saveMedia({ ...row, state: 'synced' });
    return null;
  }
  try {
    const bytes = await fetchInto(ctx, row, ref, local, signal);
    // The copy's time as written: the next scan's check for local edits needs no hash of it (mediaEdits.ts).
    const mtimeMs = (await statMedia(ctx, row.localPath))?.mtimeMs ?? null;
    ctx.store.saveMedia({ ...row, hash: bytes.hash, size: bytes.size, state: 'synced', lastError: null, mtimeMs });
    return null;
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e;
    const kept = local ? 'the previous copy is kept' : 'no local copy yet';
    ctx.store.saveMedia({ ...row, state: 'error', lastError: e.message });
    ctx.logger.warn(`media ${row.localPath}: ${e.message}; ${kept}`);
    return `${path.posix.basename(row.localPath)}: ${e.message} (${kept})`;
  }
}

/** The download, once more with a fresh URL read from the block when the signed one was refused (expired). */
async function fetchInto(ctx: EngineContext, row: MediaInput | MediaRow, ref: MediaRef, local: Bytes | null, signal?: AbortSignal): Promise<Bytes> {
  const target = row.localPath;
  // Different bytes replace a copy only after it was kept in the backup folder.
  const keepOld = async (next: Bytes) => {
    if (local && local.hash !== next.hash) await backupMedia(ctx, target);
  };
  const replace = (url: string) => downloadTo(ctx, url, target, signal, keepOld);
  try {
    return await replace(ref.url);
  } catch (e) {
    if (!(e instanceof DownloadError) || e.status !== 403 || !row.blockId) throw e;
    ctx.logger.info(`media ${target}: the signed URL was refused (expired); reading the block again for a fresh one`);
    const media = mediaOfBlock(await ctx.gateway.getBlock(row.blockId, signal));
    if (!media || stripSignature(media.url) !== row.url) throw e;
    return replace(media.url);
  }
}

/**
 * Block ids of the media whose stable URLs are in `wanted`, found through the
 * block API (top level first, then inside blocks with children) and only for
 * media not seen before, so an unchanged page costs no extra request.
 */
export async function locateBlocks(ctx: EngineContext, pageId: string, wanted: Set<string>, signal?: AbortSignal): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let level = [pageId];
  for (let depth = 0; depth < 8 && level.length && found.size < wanted.size; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      for await (const block of ctx.gateway.listChildren(parent, signal)) {
        const media = mediaOfBlock(block);
        const stable = media && stripSignature(media.url);
        if (stable && wanted.has(stable)) found.set(stable, block.id);
        else if (block.has_children && block.type !== 'child_page' && block.type !== 'child_database') next.push(block.id);
      }
    }
    level = next;
  }
  return found;
}

/** A failed download, raised after the page's file was written: the queue retries it, the error names the files. */
export class MediaDownloadError extends Error {
  override readonly name = 'MediaDownloadError';
  constructor(pagePath: string, failures: readonly string[]) {
    super(`${failures.length} media file(s) of ${pagePath} could not be downloaded: ${failures.join('; ')}. The download is retried.`);
  }
}

/** Whether a page must be pulled again even though Notion did not change it: a download of its media failed. */
export function hasFailedMedia(ctx: EngineContext, pageId: string): boolean {
  return ctx.store.listMedia(pageId).some((m) => m.state === 'error');
}

/** The page's file moved from `from` to `to`: its media folder goes with it (on disk by the caller, here in the rows). */
export function mediaMove(from: string, to: string): { from: string; to: string } {
  return { from: mediaDir(from), to: mediaDir(to) };
}

/** Notion's URLs of the page's media with local copies: not links of the page (binder_resources keeps them as media). */
export function mediaUrls(ctx: EngineContext, pageId: string): Set<string> {
  return new Set(ctx.store.listMedia(pageId).map((m) => m.url));
}
