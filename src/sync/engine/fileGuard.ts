// Replacing a user's file without losing a save that lands at the same moment.
// The engine decides from what it read; an editor may save between that read and
// the write. So a replacement happens only while the file still holds what was
// read, checked immediately before the rename and again after it (a save written
// into the old file while we renamed is put back). A race is reported, never
// resolved by overwriting: the caller reads again and decides again.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { syncDir } from '../atomicFile';
import { checkedPath, makeWorkspaceDir, readWorkspaceText } from '../documents/workspaceFs';

export type ReplaceOutcome = 'written' | 'raced';

/** Size and mtime of the file as written, taken from the temp file's own handle (so never a later save's). */
export interface WrittenStat {
  size: number;
  mtimeMs: number;
}

/**
 * Writes `next` at `root/rel` if the file still holds `expected`, or, when
 * `expected` is null, only if there is no file. Atomic for readers (temp file,
 * fsync, rename or link); never through a symbolic link (workspaceFs checks).
 */
export async function replaceIfUnchanged(
  root: string,
  rel: string,
  expected: string | null,
  next: string,
  onWritten?: (st: WrittenStat) => void,
): Promise<ReplaceOutcome> {
  const abs = await checkedPath(root, rel);
  const dir = path.dirname(abs);
  const dirRel = path.posix.dirname(rel);
  if (dirRel !== '.') await makeWorkspaceDir(root, dirRel);
  const tmp = hiddenTemp(abs);
  const written = await writeDurable(tmp, next, await modeOf(abs));
  try {
    const outcome = expected === null ? await createExclusive(tmp, abs) : await swapIfHolds(abs, tmp, expected);
    if (outcome === 'written') {
      await syncDir(dir);
      onWritten?.(written);
    }
    return outcome;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Rewrites a file from its current content, retrying when a save races the
 * write. `transform` sees the text as it is at each attempt. Returns the text
 * the file was read as and the text written.
 */
export async function rewriteFile(root: string, rel: string, transform: (current: string) => string, attempts = 5): Promise<{ read: string; written: string }> {
  for (let i = 0; i < attempts; i++) {
    const read = await readWorkspaceText(root, rel);
    if (read === null) break;
    const written = transform(read);
    if ((await replaceIfUnchanged(root, rel, read, written)) === 'written') return { read, written };
  }
  throw new FileBusyError(rel);
}

/** The file kept changing while the engine tried to write it; nothing was overwritten. */
export class FileBusyError extends Error {
  override readonly name = 'FileBusyError';
  constructor(readonly file: string) {
    super(`${file} kept changing (or vanished) while it was being written; left as it is, will try again`);
  }
}

function hiddenTemp(abs: string): string {
  // The same shape as the atomic writer's temp files, so crash clean-up finds these too.
  return path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
}

async function createExclusive(tmp: string, abs: string): Promise<ReplaceOutcome> {
  try {
    await fs.link(tmp, abs); // fails if a file appeared meanwhile: it is not replaced
    return 'written';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'raced';
    if (!noHardLinks(code)) throw e;
    // File systems without hard links: the check and the rename are as close as they can be.
    if (await exists(abs)) return 'raced';
    await fs.rename(tmp, abs);
    return 'written';
  }
}

/**
 * A hard link (the guard) keeps the file we checked reachable across the
 * rename: an in-place save into it after the check is seen afterwards and put
 * back; a save by rename before the check shows as a different inode.
 */
async function swapIfHolds(abs: string, tmp: string, expected: string): Promise<ReplaceOutcome> {
  const guard = hiddenTemp(abs);
  try {
    await fs.link(abs, guard);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'raced';
    if (!noHardLinks(code)) throw e;
    if (!(await holds(abs, expected))) return 'raced';
    await fs.rename(tmp, abs);
    return 'written';
  }
  try {
    if (!(await holds(guard, expected)) || !(await sameFile(abs, guard))) return 'raced';
    await fs.rename(tmp, abs);
    if (!(await holds(guard, expected))) {
      // Saved into the old file while we replaced it: the user's version goes back.
      await fs.rename(guard, abs);
      return 'raced';
    }
    return 'written';
  } finally {
    await fs.rm(guard, { force: true });
  }
}

async function holds(file: string, expected: string): Promise<boolean> {
  try {
    return (await fs.readFile(file, 'utf8')) === expected;
  } catch {
    return false;
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

function noHardLinks(code: string | undefined): boolean {
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV' || code === 'ENOSYS';
}

async function modeOf(abs: string): Promise<number> {
  try {
    return (await fs.stat(abs)).mode & 0o7777;
  } catch {
    return 0o666; // a new file: the umask decides
  }
}

async function writeDurable(file: string, content: string, mode: number): Promise<WrittenStat> {
  const fh = await fs.open(file, 'wx', mode);
  try {
    await fh.writeFile(content);
    await fh.sync();
    // The rename keeps size and mtime: these are what a scan of the final path will see, until someone edits it.
    const st = await fh.stat();
    return { size: st.size, mtimeMs: st.mtimeMs };
  } finally {
    await fh.close();
  }
}
