// Finds the workspace's markdown documents. A rescan costs one stat per file:
// content is read only when size or mtime moved, and never beyond maxBytes.
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { hashContent } from './contentHash';
import type { Diagnostic } from './diagnostics';
import { parseDocument, type Frontmatter } from './frontmatter';
import { createLimiter } from './limit';
import { documentTitle } from './title';
import { isWriterTemp } from './leftovers';

export { hashContent, normaliseMarkdown } from './contentHash';

/** What the engine remembers of a file from the last scan. A ScannedDocument fits. */
export interface PreviousEntry {
  size: number;
  mtimeMs: number;
  contentHash: string;
  id: string;
  /** Returned as-is for unchanged files (which are not read); else the file name. */
  title?: string;
  /** Returned as-is for unchanged files; else `{}`. */
  frontmatter?: Frontmatter;
  notionId?: string | null;
}

export interface ScanOptions {
  root: string;
  include: string[];
  exclude: string[];
  /** Directory names or workspace-relative paths never entered (default node_modules, .git, .notion-sync). */
  skipDirs?: string[];
  /** Keyed by workspace-relative posix path. */
  previous?: Map<string, PreviousEntry>;
  /** Files larger than this are reported, not read (default 5 MB). */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Parallel file-system calls (default 32). */
  concurrency?: number;
  /**
   * `startedAt` of the scan that produced `previous`. Files whose mtime is not
   * safely older than that scan are re-read: an edit in the same mtime tick
   * with the same size would otherwise pass as unchanged (coarse-mtime file
   * systems). Optional; without it size + mtime decide alone.
   */
  previousStartedAt?: number;
  /**
   * Links (never followed anywhere) are reported only at or under these
   * workspace-relative folders, where the user expects files to sync; all of
   * them when absent.
   */
  reportLinksUnder?: string[];
}

export interface ScannedDocument {
  /** Stable local id: kept per path across scans; `notion:<id>` or a UUID for a new file. */
  id: string;
  /** Workspace-relative posix path. */
  path: string;
  title: string;
  frontmatter: Frontmatter;
  /** sha-256 of the normalised file text (frontmatter included). */
  contentHash: string;
  size: number;
  mtimeMs: number;
  notionId: string | null;
  /**
   * Nothing to store: same size, mtime and content hash as in `previous`. A
   * touched but unedited file is `unchanged: false` with the previous
   * `contentHash` (store its new mtime, or it is read again on every scan).
   */
  unchanged: boolean;
}

export interface ScanResult {
  documents: ScannedDocument[];
  /** Paths in `previous` that are no longer present as included files. */
  removed: string[];
  /** Files present but not tracked (too large, binary, unreadable, invalid), and warnings. */
  diagnostics: Diagnostic[];
  /** files: matched; read: contents read; skipped: matched but not returned. */
  stats: { files: number; read: number; skipped: number; ms: number };
  /** Hidden temp files of the atomic writer (`.Name.md.<12 hex>.tmp`) left by a killed process. */
  leftoverTemps: string[];
  /** Wall-clock time (epoch ms) the scan started; pass it back as `previousStartedAt`. */
  startedAt: number;
}

export const DEFAULT_SKIP_DIRS = ['node_modules', '.git', '.notion-sync'];
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const SNIFF_BYTES = 8192;
/** Coarsest common mtime resolution (FAT: 2 s). */
const MTIME_SLACK_MS = 2000;

interface Candidate {
  rel: string;
  abs: string;
}

export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const racyAfter = options.previousStartedAt !== undefined ? options.previousStartedAt - MTIME_SLACK_MS : Infinity;
  const { signal } = options;
  const previous = options.previous ?? new Map<string, PreviousEntry>();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const limit = createLimiter(Math.max(1, options.concurrency ?? 32));
  const root = path.resolve(options.root);

  const include = picomatch(options.include.length ? options.include : ['**/*.md'], { dot: true });
  const exclude = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
  // `x/**` excludes prune the walk at `x`, so excluded trees are never listed.
  const dirExcludes = options.exclude.filter((p) => p.endsWith('/**')).map((p) => p.slice(0, -3));
  const excludeDir = dirExcludes.length ? picomatch(dirExcludes, { dot: true }) : () => false;
  const skipDirs = options.skipDirs ?? DEFAULT_SKIP_DIRS;
  const skipNames = new Set(skipDirs.filter((d) => !d.includes('/')));
  const skipPaths = skipDirs.filter((d) => d.includes('/')).map((d) => d.replace(/\/+$/, ''));
  const isSkippedDir = (name: string, rel: string) =>
    skipNames.has(name) || skipPaths.some((p) => rel === p || rel.startsWith(p + '/')) || excludeDir(rel);

  const diagnostics: Diagnostic[] = [];
  const candidates: Candidate[] = [];
  const leftoverTemps: string[] = [];

  const walk = async (absDir: string, relDir: string): Promise<void> => {
    signal?.throwIfAborted();
    let entries;
    try {
      entries = await limit(() => fs.readdir(absDir, { withFileTypes: true }));
    } catch (e) {
      if (relDir === '') throw e;
      diagnostics.push({ path: relDir, severity: 'warning', code: 'unreadable', message: `Folder not readable: ${errText(e)}` });
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(absDir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDir(entry.name, rel)) subdirs.push(walk(abs, rel));
      } else if (entry.isFile()) {
        if (include(rel) && !exclude(rel)) candidates.push({ rel, abs });
        else if (isWriterTemp(entry.name)) leftoverTemps.push(rel);
      } else if (entry.isSymbolicLink() && !exclude(rel)) {
        // Links are never followed, even to files inside the root (`.git/config`
        // is inside too): a linked file would be published, a linked folder
        // written through. Said in Problems, so the user knows why.
        const linked = await linkReport(abs, rel, include, isSkippedDir, options.reportLinksUnder);
        if (linked) diagnostics.push(linked);
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '');

  const seen = new Set<string>();
  const found: Array<ScannedDocument & { fresh: boolean }> = [];
  const stats = { files: candidates.length, read: 0, skipped: 0, ms: 0 };
  const skip = (d: Diagnostic) => {
    diagnostics.push(d);
    stats.skipped++;
  };

  const processFile = async ({ rel, abs }: Candidate): Promise<void> => {
    signal?.throwIfAborted();
    let st;
    try {
      st = await fs.lstat(abs); // a file swapped for a link since the listing is not followed
    } catch (e) {
      if (isMissing(e)) return; // deleted while scanning: simply not there
      seen.add(rel);
      return skip({ path: rel, severity: 'error', code: 'unreadable', message: `Cannot read file: ${errText(e)}` });
    }
    if (!st.isFile()) return;
    seen.add(rel);
    const prev = previous.get(rel);
    if (prev && prev.size === st.size && prev.mtimeMs === st.mtimeMs && st.mtimeMs < racyAfter) {
      found.push({
        id: prev.id,
        path: rel,
        title: prev.title ?? documentTitle({}, '', rel),
        frontmatter: prev.frontmatter ?? {},
        contentHash: prev.contentHash,
        size: prev.size,
        mtimeMs: prev.mtimeMs,
        notionId: prev.notionId !== undefined ? prev.notionId : prev.id.startsWith('notion:') ? prev.id.slice(7) : null,
        unchanged: true,
        fresh: false,
      });
      return;
    }
    if (st.size > maxBytes) return skip(tooLarge(rel, st.size, maxBytes));
    let bytes: Buffer;
    try {
      bytes = await readAtMost(abs, maxBytes + 1, st.size);
      stats.read++;
    } catch (e) {
      if (isMissing(e)) {
        seen.delete(rel);
        return;
      }
      return skip({ path: rel, severity: 'error', code: 'unreadable', message: `Cannot read file: ${errText(e)}` });
    }
    if (bytes.length > maxBytes) return skip(tooLarge(rel, bytes.length, maxBytes)); // grew since stat
    if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
      return skip({ path: rel, severity: 'warning', code: 'binary', message: 'Binary file (NUL bytes): not tracked' });
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return skip({ path: rel, severity: 'warning', code: 'binary', message: 'Not UTF-8 text: not tracked' });
    }
    const parsed = parseDocument(text, rel);
    if (!parsed.ok) return skip(parsed.diagnostic);
    const notionId = typeof parsed.frontmatter.notion_id === 'string' && parsed.frontmatter.notion_id.trim() !== '' ? parsed.frontmatter.notion_id.trim() : null;
    const contentHash = hashContent(text);
    found.push({
      id: prev?.id ?? '',
      path: rel,
      title: documentTitle(parsed.frontmatter, parsed.body, rel),
      frontmatter: parsed.frontmatter,
      contentHash,
      size: bytes.length,
      mtimeMs: st.mtimeMs,
      notionId,
      unchanged: prev !== undefined && prev.contentHash === contentHash && prev.size === bytes.length && prev.mtimeMs === st.mtimeMs,
      fresh: prev === undefined,
    });
  };

  await Promise.all(candidates.map((c) => limit(() => processFile(c))));
  signal?.throwIfAborted();

  found.sort((a, b) => compare(a.path, b.path));
  assignNewIds(found, previous, seen, diagnostics);
  const removed = [...previous.keys()].filter((p) => !seen.has(p)).sort(compare);
  diagnostics.sort((a, b) => compare(a.path, b.path));
  stats.ms = performance.now() - started;
  const documents = found.map(({ fresh: _fresh, ...doc }) => doc);
  return { documents, removed, diagnostics, stats, startedAt, leftoverTemps: leftoverTemps.sort(compare) };
}

// A new file linked to Notion gets `notion:<id>`, unless another present file
// already holds that id (a copied file): then a UUID and a warning. Ids of
// removed paths are free again, so a renamed linked file keeps its id.
function assignNewIds(found: Array<ScannedDocument & { fresh: boolean }>, previous: Map<string, PreviousEntry>, seen: Set<string>, diagnostics: Diagnostic[]): void {
  const used = new Set<string>();
  for (const [p, e] of previous) if (seen.has(p)) used.add(e.id);
  for (const doc of found) {
    if (!doc.fresh) continue;
    const wanted = doc.notionId ? `notion:${doc.notionId}` : null;
    if (wanted && !used.has(wanted)) {
      doc.id = wanted;
    } else {
      if (wanted) {
        diagnostics.push({
          path: doc.path,
          severity: 'warning',
          code: 'duplicate-notion-id',
          message: `Another file already has notion_id ${doc.notionId}; this one is tracked separately`,
        });
      }
      doc.id = randomUUID();
    }
    used.add(doc.id);
  }
}

// Reads no more than `limitBytes`, even if the file grew since it was stat'ed.
async function readAtMost(abs: string, limitBytes: number, expected: number): Promise<Buffer> {
  const fh = await fs.open(abs, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let want = expected + 1; // +1 sees growth without a second round trip
    while (total < limitBytes) {
      const buf = Buffer.allocUnsafe(Math.min(want, limitBytes - total));
      want = 256 * 1024;
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

/** The diagnostic for a link the walk met, or null when it is nothing we would track. */
async function linkReport(
  abs: string,
  rel: string,
  include: (p: string) => boolean,
  isSkippedDir: (name: string, rel: string) => boolean,
  under: string[] | undefined,
): Promise<Diagnostic | null> {
  if (under && !under.some((f) => rel === f || rel.startsWith(`${f}/`))) return null;
  const target = await fs.stat(abs).catch(() => null);
  if (target?.isDirectory()) {
    if (isSkippedDir(path.posix.basename(rel), rel)) return null;
    return { path: rel, severity: 'warning', code: 'symlink', message: 'Symbolic link to a folder: never entered or written through; nothing is synced inside it (replace it with a real folder)' };
  }
  if (!include(rel)) return null;
  return { path: rel, severity: 'warning', code: 'symlink', message: 'Symbolic link: never read, pushed or written by Notion Sync; not tracked (replace it with a real file to sync it)' };
}

function tooLarge(rel: string, size: number, maxBytes: number): Diagnostic {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return { path: rel, severity: 'warning', code: 'too-large', message: `File is ${mb(size)} MB, over the ${mb(maxBytes)} MB limit: not tracked` };
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `previous` map for the next scan, from this scan's documents. */
export function toPrevious(documents: ScannedDocument[]): Map<string, PreviousEntry> {
  return new Map(documents.map((d) => [d.path, d]));
}
