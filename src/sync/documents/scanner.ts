// Finds the workspace's markdown documents. A rescan costs one stat per file:
// content is read only when size or mtime moved, and never beyond maxBytes.
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hashContent } from './contentHash';
import type { Diagnostic } from './diagnostics';
import { parseDocument, type Frontmatter } from './frontmatter';
import { createLimiter } from './limit';
import { documentTitle } from './title';
import { errText, listFiles, type Candidate } from './walk';

export { DEFAULT_SKIP_DIRS } from './walk';

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
  /**
   * When size and mtime were recorded (epoch ms): by a scan, or by the engine
   * right after it wrote the file. See coarseAndRecent.
   */
  recordedAt?: number;
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

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const SNIFF_BYTES = 8192;
/** Coarsest common mtime resolution (FAT: 2 s). */
const MTIME_SLACK_MS = 2000;

export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const limit = createLimiter(Math.max(1, options.concurrency ?? 32));
  const listing = await listFiles(path.resolve(options.root), options, limit);
  const { diagnostics } = listing;
  const env: ReadEnv = {
    previous: options.previous ?? new Map<string, PreviousEntry>(),
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    racyAfter: options.previousStartedAt !== undefined ? options.previousStartedAt - MTIME_SLACK_MS : Infinity,
    signal: options.signal,
  };
  const seen = new Set<string>();
  const found: Found[] = [];
  const stats = { files: listing.candidates.length, read: 0, skipped: 0, ms: 0 };
  await Promise.all(
    listing.candidates.map((c) =>
      limit(async () => {
        const r = await readCandidate(c, env);
        if (r.seen) seen.add(c.rel);
        if (r.read) stats.read++;
        if (r.doc) found.push(r.doc);
        if (r.skipped) {
          diagnostics.push(r.skipped);
          stats.skipped++;
        }
      }),
    ),
  );
  options.signal?.throwIfAborted();

  found.sort((a, b) => compare(a.path, b.path));
  assignNewIds(found, env.previous, seen, diagnostics);
  const removed = [...env.previous.keys()].filter((p) => !seen.has(p)).sort(compare);
  diagnostics.sort((a, b) => compare(a.path, b.path));
  stats.ms = performance.now() - started;
  const documents = found.map(({ fresh: _fresh, ...doc }) => doc);
  return { documents, removed, diagnostics, stats, startedAt, leftoverTemps: listing.leftoverTemps.sort(compare) };
}

type Found = ScannedDocument & { fresh: boolean };

interface ReadEnv {
  previous: Map<string, PreviousEntry>;
  maxBytes: number;
  /** Files modified after this (ms) are read even when size and mtime match (see previousStartedAt). */
  racyAfter: number;
  signal?: AbortSignal;
}

/** What reading one listed file gave: a document, a reason it is not tracked, or nothing (gone). */
interface ReadOutcome {
  /** Present as a file (so not `removed`). */
  seen: boolean;
  read?: boolean;
  doc?: Found;
  skipped?: Diagnostic;
}

async function readCandidate({ rel, abs }: Candidate, env: ReadEnv): Promise<ReadOutcome> {
  env.signal?.throwIfAborted();
  let st;
  try {
    st = await fs.lstat(abs); // a file swapped for a link since the listing is not followed
  } catch (e) {
    if (isMissing(e)) return { seen: false }; // deleted while scanning: simply not there
    return { seen: true, skipped: unreadable(rel, e) };
  }
  if (!st.isFile()) return { seen: false };
  const prev = env.previous.get(rel);
  const racy = prev !== undefined && (st.mtimeMs >= env.racyAfter || coarseAndRecent(st.mtimeMs, prev.recordedAt));
  if (prev && prev.size === st.size && prev.mtimeMs === st.mtimeMs && !racy) return { seen: true, doc: unchangedDoc(rel, prev) };
  if (st.size > env.maxBytes) return { seen: true, skipped: tooLarge(rel, st.size, env.maxBytes) };
  let bytes: Buffer;
  try {
    bytes = await readAtMost(abs, env.maxBytes + 1, st.size);
  } catch (e) {
    if (isMissing(e)) return { seen: false };
    return { seen: true, skipped: unreadable(rel, e) };
  }
  const decoded = decodeText(rel, bytes, env.maxBytes);
  if (typeof decoded !== 'string') return { seen: true, read: true, skipped: decoded };
  const described = describeText(decoded, rel);
  if (!described.ok) return { seen: true, read: true, skipped: described.diagnostic };
  const { title, frontmatter, contentHash, notionId } = described;
  const doc: Found = {
    id: prev?.id ?? '',
    path: rel,
    title,
    frontmatter,
    contentHash,
    size: bytes.length,
    mtimeMs: st.mtimeMs,
    notionId,
    // A racy entry read again is stored again, with this scan's time: it is then safely in the past.
    unchanged: prev !== undefined && !racy && prev.contentHash === contentHash && prev.size === bytes.length && prev.mtimeMs === st.mtimeMs,
    fresh: prev === undefined,
  };
  return { seen: true, read: true, doc };
}

/**
 * Whether size + mtime cannot tell an edit from the recorded version: on a file
 * system with whole-second mtimes (FAT, HFS+, some network shares) a same-size
 * save within the second (FAT: two) of the recording carries the recorded mtime,
 * so such a file is read again. Sub-second mtimes (ext4, APFS, NTFS, btrfs, xfs)
 * are trusted: an edit lands on another mtime unless it falls in the same clock
 * tick as the recording (a few ms; none on Linux ≥ 6.13, whose multigrain
 * timestamps give a change after a stat a newer mtime).
 */
function coarseAndRecent(mtimeMs: number, recordedAt: number | undefined): boolean {
  return recordedAt !== undefined && mtimeMs % 1000 === 0 && mtimeMs >= recordedAt - MTIME_SLACK_MS;
}

/** What the index keeps of a file's text; the scan and the engine's own writes describe files alike. */
export type DescribedText =
  | { ok: true; title: string; frontmatter: Frontmatter; contentHash: string; notionId: string | null }
  | { ok: false; diagnostic: Diagnostic };

export function describeText(text: string, rel: string): DescribedText {
  const parsed = parseDocument(text, rel);
  if (!parsed.ok) return { ok: false, diagnostic: parsed.diagnostic };
  const id = parsed.frontmatter.notion_id;
  return {
    ok: true,
    title: documentTitle(parsed.frontmatter, parsed.body, rel),
    frontmatter: parsed.frontmatter,
    contentHash: hashContent(text),
    notionId: typeof id === 'string' && id.trim() !== '' ? id.trim() : null,
  };
}

/** Same size and mtime as last time, safely older than the last scan: not read again. */
function unchangedDoc(rel: string, prev: PreviousEntry): Found {
  return {
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
  };
}

/** The file's text, or why it is not tracked (grew past the limit since stat, binary, not UTF-8). */
function decodeText(rel: string, bytes: Buffer, maxBytes: number): string | Diagnostic {
  if (bytes.length > maxBytes) return tooLarge(rel, bytes.length, maxBytes);
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { path: rel, severity: 'warning', code: 'binary', message: 'Binary file (NUL bytes): not tracked' };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { path: rel, severity: 'warning', code: 'binary', message: 'Not UTF-8 text: not tracked' };
  }
}

function unreadable(rel: string, e: unknown): Diagnostic {
  return { path: rel, severity: 'error', code: 'unreadable', message: `Cannot read file: ${errText(e)}` };
}

// A new file linked to Notion gets `notion:<id>`, unless another present file
// already holds that id (a copied file): then a UUID and a warning. Ids of
// removed paths are free again, so a renamed linked file keeps its id.
function assignNewIds(found: Found[], previous: Map<string, PreviousEntry>, seen: Set<string>, diagnostics: Diagnostic[]): void {
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

function tooLarge(rel: string, size: number, maxBytes: number): Diagnostic {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return { path: rel, severity: 'warning', code: 'too-large', message: `File is ${mb(size)} MB, over the ${mb(maxBytes)} MB limit: not tracked` };
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `previous` map for the next scan, from this scan's documents. */
export function toPrevious(documents: ScannedDocument[]): Map<string, PreviousEntry> {
  return new Map(documents.map((d) => [d.path, d]));
}
