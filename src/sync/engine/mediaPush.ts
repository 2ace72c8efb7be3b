// Push of a page's media (bidirectional mode): a local image or file the page
// links by relative path is uploaded through the File Upload API and becomes a
// Notion-hosted block at its place. Notion's markdown cannot name an upload,
// so the block is placed by the ordinary targeted edit as an external
// placeholder (`https://notion-sync.invalid/upload/<hash>/<name>`), then the
// upload is attached to that very block: every other block keeps its id. The
// row remembers hash ↔ block, so unchanged bytes are never uploaded twice, and
// an upload that expired before it was attached is sent again, not leaked.
import path from 'node:path';
import type { Nodes } from 'mdast';
import { fromFile, parseNotion, stripSignature } from '../markdown';
import { NotionValidationError } from '../notion/errors';
import { mediaOfBlock, type MediaBlockType } from '../notion/files';
import { readWorkspaceBytes } from '../documents/workspaceFs';
import type { MediaRow } from '../store/types';
import type { EngineContext } from './context';
import { MEDIA_KINDS, mediaIn, PLACEHOLDER, type MediaKind } from './media';
import { localBytes } from './mediaFiles';
import { locateBlocks } from './mediaPull';
import { PushRefused } from './pushRefused';

/** An upload this close to its expiry is checked with Notion before it is used. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf', '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.m4a': 'audio/mp4', '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm', '.txt': 'text/plain', '.csv': 'text/csv', '.json': 'application/json', '.zip': 'application/zip',
};

function placeholderFor(hash: string, localPath: string): string {
  return `${PLACEHOLDER}${hash.slice(0, 16)}/${encodeURIComponent(path.posix.basename(localPath))}`;
}

function contentType(localPath: string): string {
  return CONTENT_TYPES[path.posix.extname(localPath).toLowerCase()] ?? 'application/octet-stream';
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Local media the body links by relative path: workspace path and kind, in order. */
function localMediaIn(body: string, pagePath: string): { localPath: string; kind: MediaKind }[] {
  const dir = path.posix.dirname(pagePath);
  const out: { localPath: string; kind: MediaKind }[] = [];
  const add = (url: string, kind: MediaKind) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('/') || url === '') return;
    let decoded: string;
    try {
      decoded = decodeURI(url.split('#')[0] ?? '');
    } catch {
      return;
    }
    const at = path.posix.normalize(path.posix.join(dir, decoded));
    if (!at.startsWith('../') && !at.startsWith('.notion-sync/') && !at.endsWith('.md')) out.push({ localPath: at, kind });
  };
  const walk = (nodes: readonly Nodes[]) => {
    for (const n of nodes) {
      if (n.type === 'image') add(n.url, 'image');
      else if (n.type === 'notionMedia' && (MEDIA_KINDS as readonly string[]).includes(n.kind)) add(n.url, n.kind as MediaKind);
      if ('children' in n) walk(n.children as Nodes[]);
    }
  };
  walk(fromFile(body).children);
  return out;
}

/** Whether a local medium must go to Notion: new, with other bytes than recorded, or never sent right. */
function toSend(row: MediaRow | undefined, local: { hash: string } | null): local is { hash: string } {
  return local !== null && !(row && row.hash === local.hash && row.state !== 'error');
}

/** Whether a medium `body` links, already in a block of the page, holds other bytes on disk than Notion's. */
export async function hasReplacedMedia(ctx: EngineContext, pagePath: string, body: string): Promise<boolean> {
  for (const ref of localMediaIn(body, pagePath)) {
    const row = ctx.store.getMediaByPath(ref.localPath);
    if (row?.blockId && row.state === 'synced' && toSend(row, await localBytes(ctx, ref.localPath))) return true;
  }
  return false;
}

/**
 * Uploads the local media of `body` that Notion does not have with these bytes
 * yet. A new one is recorded `uploaded` with its placeholder URL (the body's
 * edit places it); new bytes for a medium already in the page go straight
 * into its block (`replacedOnly`: only those, for a push with no body edit to
 * place new ones). A file over the workspace's limit refuses the push unsent.
 */
export async function uploadLocalMedia(ctx: EngineContext, pageId: string, pagePath: string, body: string, signal?: AbortSignal, replacedOnly = false): Promise<number> {
  let sent = 0;
  for (const ref of localMediaIn(body, pagePath)) {
    const row = ctx.store.getMediaByPath(ref.localPath);
    if (replacedOnly && !(row?.blockId && row.state === 'synced')) continue;
    const local = await localBytes(ctx, ref.localPath);
    if (!toSend(row, local)) continue;
    const limit = await ctx.gateway.files.maxUploadBytes(signal);
    if (local.size > limit) {
      throw new PushRefused(
        `${pagePath}: ${ref.localPath} is ${megabytes(local.size)}; this Notion workspace takes files up to ${megabytes(limit)} (its plan's limit), so it cannot be uploaded. Nothing was pushed; make the file smaller or remove it from the page`,
      );
    }
    const upload = await uploadFile(ctx, ref.localPath, signal);
    sent++;
    if (row?.blockId && row.state === 'synced') {
      await attachTo(ctx, { ...row, hash: local.hash, size: local.size }, row.blockId, upload.id, signal);
      continue;
    }
    ctx.store.saveMedia({
      ...(row ?? {}),
      pageNotionId: pageId,
      kind: ref.kind,
      url: placeholderFor(local.hash, ref.localPath),
      localPath: ref.localPath,
      hash: local.hash,
      size: local.size,
      state: 'uploaded',
      uploadId: upload.id,
      uploadExpiresAt: upload.expiresAt,
      lastError: null,
    });
  }
  return sent;
}

async function uploadFile(ctx: EngineContext, localPath: string, signal?: AbortSignal) {
  const bytes = await readWorkspaceBytes(ctx.workspace, localPath);
  if (bytes === null) throw new PushRefused(`${localPath} no longer exists`);
  ctx.logger.info(`upload ${localPath} (${megabytes(bytes.length)})`);
  return ctx.gateway.files.upload(path.posix.basename(localPath), contentType(localPath), bytes, signal);
}

/**
 * Attaches every upload of the page that sits in Notion as a placeholder
 * block. Returns how many were attached. An upload that expired meanwhile is
 * sent again from the local file.
 */
export async function attachPlaced(ctx: EngineContext, pageId: string, signal?: AbortSignal): Promise<number> {
  const pending = ctx.store.listMedia(pageId).filter((r) => r.state === 'uploaded');
  if (pending.length === 0) return 0;
  const blocks = await locateBlocks(ctx, pageId, new Set(pending.map((r) => r.url)), signal);
  let attached = 0;
  for (const row of pending) {
    const blockId = blocks.get(row.url);
    if (!blockId) continue;
    await attachTo(ctx, row, blockId, await liveUpload(ctx, row, signal), signal);
    attached++;
  }
  return attached;
}

/** Whether the page's Notion text holds a placeholder of ours (an attach left undone). */
export function hasPlaceholders(ctx: EngineContext, pageId: string, markdown: string): boolean {
  return ctx.store.listMedia(pageId).some((r) => r.state === 'uploaded' && markdown.includes(r.url));
}

/** The row's upload if Notion still holds it unattached and unexpired; else a new upload of the file. */
async function liveUpload(ctx: EngineContext, row: MediaRow, signal?: AbortSignal): Promise<string> {
  const now = ctx.gateway.serverNow();
  if (row.uploadId && row.uploadExpiresAt !== null && row.uploadExpiresAt - EXPIRY_MARGIN_MS > now) return row.uploadId;
  if (row.uploadId) {
    const upload = await ctx.gateway.files.retrieveUpload(row.uploadId, signal);
    if (upload.status === 'uploaded' && (upload.expiresAt === null || upload.expiresAt - EXPIRY_MARGIN_MS > now)) return upload.id;
    ctx.logger.info(`upload of ${row.localPath} expired before it was attached (status ${upload.status}); sending it again`);
  }
  const fresh = await uploadFile(ctx, row.localPath, signal);
  ctx.store.saveMedia({ ...row, uploadId: fresh.id, uploadExpiresAt: fresh.expiresAt });
  return fresh.id;
}

async function attachTo(ctx: EngineContext, row: MediaRow, blockId: string, uploadId: string, signal?: AbortSignal): Promise<void> {
  let block;
  try {
    block = await ctx.gateway.files.attach(blockId, row.kind as MediaBlockType, uploadId, signal);
  } catch (e) {
    // Expired between our check and Notion's: once more with a new upload.
    if (!(e instanceof NotionValidationError) || !/expired/i.test(e.message)) throw e;
    block = await ctx.gateway.files.attach(blockId, row.kind as MediaBlockType, await liveUpload(ctx, { ...row, uploadExpiresAt: 0 }, signal), signal);
  }
  const media = mediaOfBlock(block);
  if (!media) throw new NotionValidationError(`Notion answered the attach of ${row.localPath} without a file`);
  ctx.store.saveMedia({ ...row, url: stripSignature(media.url), blockId, state: 'synced', uploadId: null, uploadExpiresAt: null, lastError: null });
}

/**
 * Media blocks whose local file the body no longer links are deleted through
 * the block API, not by a markdown edit: Notion's text of a hosted file holds
 * a URL signed anew on every read, which an `old_str` cannot match. Returns
 * how many blocks went; their rows go too (the local files stay).
 */
export async function deleteUnlinkedMedia(ctx: EngineContext, pageId: string, pagePath: string, body: string, signal?: AbortSignal): Promise<number> {
  const linked = new Set(localMediaIn(body, pagePath).map((m) => m.localPath));
  let deleted = 0;
  for (const row of ctx.store.listMedia(pageId)) {
    if (row.state !== 'synced' || !row.blockId || linked.has(row.localPath)) continue;
    await ctx.gateway.files.deleteBlock(row.blockId, signal);
    ctx.store.deleteMedia(row.id);
    deleted++;
  }
  return deleted;
}

/** After a push: media rows whose file left the page in Notion go (their local files stay). */
export function forgetRemovedMedia(ctx: EngineContext, pageId: string, markdown: string): void {
  const present = new Set(mediaIn(parseNotion(markdown).root).map((m) => m.stable));
  for (const row of ctx.store.listMedia(pageId)) if (row.state === 'synced' && !present.has(row.url)) ctx.store.deleteMedia(row.id);
}
