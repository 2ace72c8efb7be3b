// A process killed mid-write (kill -9, power loss) leaves the atomic writer's
// hidden temp file beside its target: `.Name.md.<12 hex>.tmp`, holding a whole
// page's text. Nothing else cleans them, so the next scan finds them and they
// are moved out of the user's folders into the engine's backups (never deleted:
// one may hold words found nowhere else). Only files of exactly that shape,
// real files (no links), old enough that no live write can own them, and inside
// the folder the engine writes to.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkedPath, makeWorkspaceDir } from './workspaceFs';

const WRITER_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Whether a file name has the shape of the atomic writer's temp files. */
export function isWriterTemp(name: string): boolean {
  return WRITER_TEMP.test(name);
}

/** A live write keeps its temp file for milliseconds; anything this old was interrupted. */
export const LEFTOVER_MIN_AGE_MS = 60_000;

export interface SweepOptions {
  root: string;
  /** Workspace-relative paths from the scan. */
  paths: string[];
  /** Only temp files at or under these folders are ours. */
  under: string[];
  /** Workspace-relative folder they are moved into (kept with their relative path). */
  destDir: string;
  now: number;
}

/** Moves interrupted writes' temp files out of the user's folders; returns where each went. */
export async function sweepLeftoverTemps(opts: SweepOptions): Promise<string[]> {
  const moved: string[] = [];
  for (const rel of opts.paths) {
    if (!isWriterTemp(path.posix.basename(rel)) || !opts.under.some((f) => rel.startsWith(`${f}/`))) continue;
    try {
      const abs = await checkedPath(opts.root, rel);
      const st = await fs.lstat(abs);
      if (!st.isFile() || opts.now - st.mtimeMs < LEFTOVER_MIN_AGE_MS) continue;
      const destRel = `${opts.destDir}/${rel}`;
      await makeWorkspaceDir(opts.root, path.posix.dirname(destRel));
      const dest = await checkedPath(opts.root, destRel);
      await fs.rename(abs, dest);
      moved.push(destRel);
    } catch {
      // gone meanwhile, or behind a link: left as it is; the next scan looks again
    }
  }
  return moved;
}
