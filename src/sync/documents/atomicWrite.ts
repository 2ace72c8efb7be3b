// Writes that never leave a torn file and never lose a user's words: temp file
// + fsync + rename, backups before overwriting, trash instead of delete.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { isInside } from './names';
import { checkedPath, readWorkspaceBytes, writeWorkspaceFile } from './workspaceFs';

export { writeFileAtomic };

/**
 * Resolves `rel` under `root`, refusing anything that lands outside it or goes
 * through a symbolic link (see workspaceFs).
 */
export function resolveInside(root: string, rel: string, opts: { allowFinalLink?: boolean } = {}): Promise<string> {
  return checkedPath(root, rel, opts);
}

/** A path the engine keeps (backups, trash) under `root`, checked like users' files when it is inside. */
async function enginePath(root: string, dir: string, rel: string): Promise<string> {
  const abs = path.resolve(root, dir, rel);
  return isInside(root, abs) ? checkedPath(root, path.relative(path.resolve(root), abs)) : abs;
}

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/:/g, '-').replace('.', '-');
}

/**
 * Writes `content` to `root/relPath`. When the file exists with other content,
 * the old content is first copied to `<backupDir>/<timestamp>/<relPath>`
 * (backupDir relative to root, or absolute). Returns the backup path or null.
 */
export async function backupThenWrite(root: string, relPath: string, content: string, backupDir: string): Promise<string | null> {
  const old = await readWorkspaceBytes(root, relPath);
  const next = Buffer.from(content, 'utf8');
  if (old !== null && old.equals(next)) return null;
  let backup: string | null = null;
  if (old !== null) {
    backup = await freePath(await enginePath(root, path.join(backupDir, timestamp()), relPath));
    await writeFileAtomic(backup, old);
  }
  await writeWorkspaceFile(root, relPath, next);
  return backup;
}

/**
 * Moves `root/relPath` (file or folder) to `<trashDir>/<relPath>`, keeping the
 * relative structure; an earlier trashed copy is never overwritten (the new one
 * becomes `name (1).md`, …). Returns the trash path.
 */
export async function moveToTrash(root: string, relPath: string, trashDir: string): Promise<string> {
  // A link itself may go to the trash: moving it reads nothing through it.
  const abs = await resolveInside(root, relPath, { allowFinalLink: true });
  return moveNoClobber(abs, await enginePath(root, trashDir, relPath));
}

/**
 * Puts a trashed file or folder back at `root/relPath`. If something new is
 * there already, it is not overwritten: the restored copy gets a free name
 * beside it. Returns where it was restored to.
 */
export async function restoreFromTrash(root: string, trashPath: string, relPath: string): Promise<string> {
  const dest = await resolveInside(root, relPath);
  const src = path.resolve(root, trashPath);
  return moveNoClobber(isInside(root, src) ? await resolveInside(root, path.relative(path.resolve(root), src), { allowFinalLink: true }) : src, dest);
}

async function moveNoClobber(src: string, wanted: string): Promise<string> {
  await fs.mkdir(path.dirname(wanted), { recursive: true });
  const st = await fs.lstat(src);
  for (let attempt = 0; attempt < 100; attempt++) {
    const dest = await freePath(wanted);
    try {
      if (st.isDirectory()) {
        await fs.rename(src, dest); // freePath just checked; rename of a folder onto a non-empty one fails anyway
      } else {
        // link fails if dest exists, so a copy that raced in is never replaced
        await fs.link(src, dest);
        await fs.unlink(src);
      }
      return dest;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') continue;
      if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        await copyNoClobber(src, dest, st.isDirectory());
        await fs.rm(src, { recursive: true, force: true });
        return dest;
      }
      throw e;
    }
  }
  throw new Error(`No free name for ${wanted}`);
}

async function copyNoClobber(src: string, dest: string, isDir: boolean): Promise<void> {
  if (isDir) await fs.cp(src, dest, { recursive: true, errorOnExist: true, force: false });
  else await fs.copyFile(src, dest, constants.COPYFILE_EXCL);
}

/** `p` if nothing is there, else `name (1).ext`, `name (2).ext`, … */
async function freePath(p: string): Promise<string> {
  const ext = path.extname(p);
  const stem = p.slice(0, p.length - ext.length);
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? p : `${stem} (${n})${ext}`;
    try {
      await fs.lstat(candidate);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      throw e;
    }
  }
}
