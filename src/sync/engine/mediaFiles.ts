// Media bytes on disk: a download streamed to a temp file beside its target
// (hashed on the way, fsynced, renamed into place, so a failed or cut download
// never replaces the previous copy), the hash of a local copy, and a backup
// of a copy before different bytes replace it.
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { checkedPath, makeWorkspaceDir } from '../documents/workspaceFs';
import { BACKUP_DIR } from '../settings';
import type { EngineContext } from './context';

export interface Bytes {
  hash: string;
  size: number;
}

/** A download the file host refused or cut; `status` 403 means the signed URL expired (or was refused). */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

function hashing(out: { hash: string; size: number }): Transform {
  const h = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk);
      out.size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      out.hash = h.digest('hex');
      done();
    },
  });
}

/** A local file's size and mtime (whole ms); null when it is absent or no regular file (a link is never followed). */
export async function statMedia(ctx: EngineContext, rel: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const st = await fs.lstat(path.join(ctx.workspace, ...rel.split('/')));
    return st.isFile() ? { size: st.size, mtimeMs: Math.floor(st.mtimeMs) } : null;
  } catch {
    return null;
  }
}

/** sha-256 and size of a local file; null when it is not there. Never follows a link. */
export async function localBytes(ctx: EngineContext, rel: string): Promise<Bytes | null> {
  const abs = await checkedPath(ctx.workspace, rel);
  let st;
  try {
    st = await fs.lstat(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (!st.isFile()) return null;
  const out = { hash: '', size: 0 };
  const sink = new Transform({ transform: (_c, _e, done) => done() });
  const fh = await fs.open(abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  await pipeline(createReadStream('', { fd: fh }), hashing(out), sink);
  return out;
}

/**
 * Streams `url` into the workspace file `rel`; the previous file stays until
 * the new bytes are complete, and `beforeReplace` sees them before it goes.
 */
export async function downloadTo(ctx: EngineContext, url: string, rel: string, signal?: AbortSignal, beforeReplace?: (next: Bytes) => Promise<void>): Promise<Bytes> {
  let res: Response;
  try {
    res = await ctx.gateway.files.download(url, signal);
  } catch (e) {
    throw new DownloadError(`download failed: ${(e as Error).message}`, null);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadError(`the file host answered HTTP ${res.status}${res.status === 403 ? ' (the signed URL expired or was refused)' : ''}`, res.status);
  }
  await makeWorkspaceDir(ctx.workspace, path.posix.dirname(rel));
  const abs = await checkedPath(ctx.workspace, rel);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.part-${randomBytes(4).toString('hex')}`);
  const out = { hash: '', size: 0 };
  try {
    await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), hashing(out), createWriteStream(tmp, { flags: 'wx' }));
    const fh = await fs.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await beforeReplace?.(out);
    await fs.rename(tmp, abs);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e instanceof DownloadError ? e : new DownloadError(`download cut off: ${(e as Error).message}`, null);
  }
  return out;
}

/** Copies a media file into the backup folder before other bytes replace it. Returns the copy's path. */
export async function backupMedia(ctx: EngineContext, rel: string): Promise<string> {
  const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
  const src = await checkedPath(ctx.workspace, rel);
  const dest = path.join(ctx.workspace, BACKUP_DIR, stamp, ...rel.split('/'));
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.copyFile(src, dest, constants.COPYFILE_EXCL);
  return dest;
}
