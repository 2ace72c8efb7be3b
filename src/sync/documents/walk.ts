// Lists the workspace files a scan considers: included markdown, minus excluded
// and skipped folders (an excluded `x/**` tree is never entered). Links are never
// followed; those where the user expects files to sync are reported instead.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from './diagnostics';
import { isWriterTemp } from './leftovers';
import type { createLimiter } from './limit';

export const DEFAULT_SKIP_DIRS = ['node_modules', '.git', '.notion-sync'];

/** The part of ScanOptions the listing reads (see scanner.ts for what each means). */
export interface WalkOptions {
  include: string[];
  exclude: string[];
  skipDirs?: string[];
  signal?: AbortSignal;
  reportLinksUnder?: string[];
}

export interface Candidate {
  rel: string;
  abs: string;
}

export interface Listing {
  candidates: Candidate[];
  diagnostics: Diagnostic[];
  /** Hidden temp files of the atomic writer left by a killed process. */
  leftoverTemps: string[];
}

interface Filters {
  include: (rel: string) => boolean;
  exclude: (rel: string) => boolean;
  isSkippedDir: (name: string, rel: string) => boolean;
}

function filtersFor(options: WalkOptions): Filters {
  const include = picomatch(options.include.length ? options.include : ['**/*.md'], { dot: true });
  const exclude = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
  // `x/**` excludes prune the walk at `x`, so excluded trees are never listed.
  const dirExcludes = options.exclude.filter((p) => p.endsWith('/**')).map((p) => p.slice(0, -3));
  const excludeDir = dirExcludes.length ? picomatch(dirExcludes, { dot: true }) : () => false;
  const skipDirs = options.skipDirs ?? DEFAULT_SKIP_DIRS;
  const skipNames = new Set(skipDirs.filter((d) => !d.includes('/')));
  const skipPaths = skipDirs.filter((d) => d.includes('/')).map((d) => d.replace(/\/+$/, ''));
  const isSkippedDir = (name: string, rel: string) => skipNames.has(name) || skipPaths.some((p) => rel === p || rel.startsWith(p + '/')) || excludeDir(rel);
  return { include, exclude, isSkippedDir };
}

export async function listFiles(root: string, options: WalkOptions, limit: ReturnType<typeof createLimiter>): Promise<Listing> {
  const filters = filtersFor(options);
  const listing: Listing = { candidates: [], diagnostics: [], leftoverTemps: [] };
  const walk = async (absDir: string, relDir: string): Promise<void> => {
    options.signal?.throwIfAborted();
    let entries;
    try {
      entries = await limit(() => fs.readdir(absDir, { withFileTypes: true }));
    } catch (e) {
      if (relDir === '') throw e;
      listing.diagnostics.push({ path: relDir, severity: 'warning', code: 'unreadable', message: `Folder not readable: ${errText(e)}` });
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(absDir, entry.name);
      if (entry.isDirectory()) {
        if (!filters.isSkippedDir(entry.name, rel)) subdirs.push(walk(abs, rel));
      } else if (entry.isFile()) {
        if (filters.include(rel) && !filters.exclude(rel)) listing.candidates.push({ rel, abs });
        else if (isWriterTemp(entry.name)) listing.leftoverTemps.push(rel);
      } else if (entry.isSymbolicLink() && !filters.exclude(rel)) {
        // Links are never followed, even to files inside the root (`.git/config`
        // is inside too): a linked file would be published, a linked folder
        // written through. Said in Problems, so the user knows why.
        const linked = await linkReport(abs, rel, filters, options.reportLinksUnder);
        if (linked) listing.diagnostics.push(linked);
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '');
  return listing;
}

/** The diagnostic for a link the walk met, or null when it is nothing we would track. */
async function linkReport(abs: string, rel: string, filters: Filters, under: string[] | undefined): Promise<Diagnostic | null> {
  if (under && !under.some((f) => rel === f || rel.startsWith(`${f}/`))) return null;
  const target = await fs.stat(abs).catch(() => null);
  if (target?.isDirectory()) {
    if (filters.isSkippedDir(path.posix.basename(rel), rel)) return null;
    return { path: rel, severity: 'warning', code: 'symlink', message: 'Symbolic link to a folder: never entered or written through; nothing is synced inside it (replace it with a real folder)' };
  }
  if (!filters.include(rel)) return null;
  return { path: rel, severity: 'warning', code: 'symlink', message: 'Symbolic link: never read, pushed or written by Notion Sync; not tracked (replace it with a real file to sync it)' };
}

export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
