// The one way the engine replaces a file: bytes go to a temp file in the same
// folder, are fsynced, then renamed over the target, and the folder is fsynced
// so the rename sticks. A reader, or a restart after kill -9, sees the old file
// or the new one, never a torn mix. Used for users' markdown and for the state
// database alike.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Where the temp file goes (same folder as the target); a random hidden name by default. */
  tempPath?: string;
  /** File mode; by default an existing file keeps its mode and a new one gets the umask's. */
  mode?: number;
}

export async function writeFileAtomic(file: string, content: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = opts.tempPath ?? path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = opts.mode;
  if (mode === undefined) {
    try {
      mode = (await fs.stat(file)).mode & 0o7777;
    } catch {
      mode = 0o666; // a new file: the umask decides
    }
  }
  try {
    const fh = await fs.open(tmp, 'wx', mode);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameWithRetry(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
}

// On Windows a rename over a file that an editor, indexer or virus scanner holds
// open fails for a moment; elsewhere rename is atomic and this never loops.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 10 || !(code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')) throw e;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

// Makes the rename itself durable. Windows cannot open a folder for fsync, and
// some file systems refuse it; the data itself is synced either way.
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // best effort
  }
}
