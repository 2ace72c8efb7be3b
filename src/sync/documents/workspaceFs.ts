// The one door to a user's synced files and folders. Symbolic links are never
// followed: a link can point at `.git/config`, a secret under `.notion-sync/`,
// or a folder outside the workspace, and following it would publish that file
// to Notion or write pulled pages outside the workspace. Every path is checked
// lexically (inside the workspace), then each existing component below the
// workspace root is lstat'ed (no links), and the folder that is finally used is
// realpath'ed back to where it should be, which narrows the window in which a
// component swapped for a link after the check could be followed.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { isInside } from './names';

export type UnsafeReason = 'outside' | 'symlink';

/** A path the engine refuses to read or write. Never worth a retry: the user must remove the link. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(
    /** Workspace-relative posix path that was asked for. */
    readonly relPath: string,
    readonly reason: UnsafeReason,
    /** Workspace-relative posix path of the offending link (for 'symlink'). */
    readonly linkPath: string = relPath,
  ) {
    super(
      reason === 'outside'
        ? `Refusing to touch a path outside the workspace: ${relPath}`
        : `Refusing to follow a symbolic link: ${linkPath} is a link, and synced files and folders are never read or written through links (replace it with a real ${linkPath === relPath ? 'file' : 'folder'})`,
    );
  }
}

// O_NOFOLLOW makes the final open refuse a link that appeared after the check (not on Windows).
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function segments(rel: string): string[] {
  return rel.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

function toPosix(rel: string): string {
  return segments(rel).join('/');
}

/**
 * The absolute path of `rel` under `root`, after checking that it stays inside
 * and that no existing component below the root is a symbolic link (the last
 * one too, unless `allowFinalLink`: moving a link itself is harmless).
 */
export async function checkedPath(root: string, rel: string, opts: { allowFinalLink?: boolean } = {}): Promise<string> {
  const abs = path.resolve(root, rel);
  const posix = toPosix(path.relative(path.resolve(root), abs));
  if (!isInside(root, abs)) throw new UnsafePathError(toPosix(rel), 'outside');
  const parts = posix.split('/');
  let cur = path.resolve(root);
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i]);
    let st;
    try {
      st = await fs.lstat(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') break; // the rest does not exist yet
      throw e;
    }
    const last = i === parts.length - 1;
    if (st.isSymbolicLink() && !(last && opts.allowFinalLink)) throw new UnsafePathError(posix, 'symlink', parts.slice(0, i + 1).join('/'));
  }
  return abs;
}

/** After creating or before using `dir`: its real path must be exactly where the lexical path says. */
async function assertRealDir(root: string, dir: string, rel: string): Promise<void> {
  const [realRoot, realDir] = await Promise.all([fs.realpath(root), fs.realpath(dir)]);
  const expected = path.join(realRoot, path.relative(path.resolve(root), dir));
  if (realDir !== expected) throw new UnsafePathError(rel, 'symlink', toPosix(path.relative(path.resolve(root), dir)));
}

/** The file's text, or null when it does not exist. Throws UnsafePathError for links. */
export async function readWorkspaceText(root: string, rel: string): Promise<string | null> {
  const buf = await readWorkspaceBytes(root, rel);
  return buf === null ? null : buf.toString('utf8');
}

export async function readWorkspaceBytes(root: string, rel: string): Promise<Buffer | null> {
  const abs = await checkedPath(root, rel);
  let fh;
  try {
    fh = await fs.open(abs, constants.O_RDONLY | NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafePathError(toPosix(rel), 'symlink');
    throw e;
  }
  try {
    if (!(await fh.stat()).isFile()) throw Object.assign(new Error(`${toPosix(rel)} is not a file`), { code: 'EISDIR' });
    await assertRealDir(root, path.dirname(abs), toPosix(rel));
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** Whether a real (non-link) file or folder is at `rel`. A link answers by throwing UnsafePathError. */
export async function workspaceEntryExists(root: string, rel: string): Promise<boolean> {
  const abs = await checkedPath(root, rel);
  try {
    await fs.lstat(abs);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Creates the folder `rel` (and its parents) as real folders inside the workspace. */
export async function makeWorkspaceDir(root: string, rel: string): Promise<string> {
  const abs = await checkedPath(root, rel);
  await fs.mkdir(abs, { recursive: true });
  await assertRealDir(root, abs, toPosix(rel));
  return abs;
}

/** Replaces `rel` atomically (temp + fsync + rename) after the checks. */
export async function writeWorkspaceFile(root: string, rel: string, content: string | Uint8Array): Promise<string> {
  const abs = await checkedPath(root, rel);
  await ensureParent(root, abs);
  await writeFileAtomic(abs, content);
  return abs;
}

/** Makes the folder holding `abs` (the workspace root itself needs nothing). */
async function ensureParent(root: string, abs: string): Promise<void> {
  const dirRel = path.relative(path.resolve(root), path.dirname(abs));
  if (dirRel !== '') await makeWorkspaceDir(root, dirRel);
}

/** Renames a file or folder inside the workspace; neither side may go through a link. */
export async function renameInWorkspace(root: string, from: string, to: string): Promise<void> {
  const src = await checkedPath(root, from);
  const dest = await checkedPath(root, to);
  await ensureParent(root, dest);
  await fs.rename(src, dest);
}
