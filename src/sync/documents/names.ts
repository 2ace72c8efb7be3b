// File names from Notion titles: safe on Windows, macOS and Linux, bounded in
// UTF-8 bytes, and deterministic when titles collide.
import * as path from 'node:path';

export interface SafeFileNameOptions {
  /** Upper bound in UTF-8 bytes (default 100; file systems allow 255 for a whole name). */
  maxBytes?: number;
  /** Used when nothing usable is left of the title (default "Untitled"). */
  fallback?: string;
}

const DEFAULT_MAX_BYTES = 100;
const DEFAULT_FALLBACK = 'Untitled';

// Windows refuses these as a base name, whatever the case or extension
// ("con.txt", "COM1.md"); superscript digits count too.
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Control characters, bidi overrides that disguise names, BOM, lone surrogates.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\p{Cs}/gu;
// Windows-forbidden characters: separators become dashes ("a/b" → "a-b",
// "Re: x" → "Re - x", "12:30" → "12-30"); the rest are dropped.
const SEPARATORS = /[/\\|]/g;
const DROPPED = /[<>"?*]/g;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** A file name (without extension) made from a page title. Never empty, never a path. */
export function safeFileName(title: string, opts: SafeFileNameOptions = {}): string {
  const maxBytes = Math.max(8, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const fallback = opts.fallback ?? DEFAULT_FALLBACK;
  const cleaned = clean(String(title ?? ''), maxBytes);
  if (cleaned !== '') return cleaned;
  const fb = clean(fallback, maxBytes);
  return fb !== '' ? fb : DEFAULT_FALLBACK;
}

function clean(raw: string, maxBytes: number): string {
  let s = raw.normalize('NFC');
  s = s.replace(INVISIBLE, ' ');
  s = s.replace(/:(?=\s)/g, ' -').replace(/:/g, '-');
  s = s.replace(SEPARATORS, '-').replace(DROPPED, '');
  s = s.replace(/\s+/gu, ' ');
  s = s.replace(/-{2,}/g, '-').replace(/(?: -)+ /g, ' - ');
  // Leading dots would hide the file (and ".." walks up); leading separators
  // left over from "../../x" are noise.
  s = s.replace(/^[\s.-]+/u, '');
  s = trimEnd(s);
  s = truncateBytes(s, maxBytes);
  s = trimEnd(s);
  const base = s.split('.')[0].trimEnd();
  if (RESERVED.test(base)) {
    s = truncateBytes(base, maxBytes - 1) + '_' + s.slice(base.length);
    s = trimEnd(truncateBytes(s, maxBytes));
  }
  return s;
}

// Windows drops trailing dots and spaces silently, so two names would collide.
function trimEnd(s: string): string {
  return s.replace(/[\s.]+$/u, '');
}

/** Cuts to at most `maxBytes` UTF-8 bytes on a grapheme boundary (no split emoji or surrogate pair). */
export function truncateBytes(s: string, maxBytes: number): string {
  if (utf8(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(s)) {
    const b = utf8(segment);
    if (bytes + b > maxBytes) break;
    out += segment;
    bytes += b;
  }
  return out;
}

/** Comparison key: macOS and Windows file systems are case-insensitive (and macOS normalises). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

// Keys of names already seen, so checking a folder of thousands of names stays cheap.
const keyCache = new Map<string, string>();
function cachedKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    if (keyCache.size > 50_000) keyCache.clear();
    key = nameKey(name);
    keyCache.set(name, key);
  }
  return key;
}

function isTaken(taken: Set<string>, candidate: string): boolean {
  if (taken.has(candidate)) return true;
  const key = nameKey(candidate);
  for (const t of taken) if (cachedKey(t) === key) return true;
  return false;
}

export interface UniqueNameOptions {
  maxBytes?: number;
}

/**
 * `base` if free, else `base (abcd)` with a suffix taken from the Notion id, so a
 * page's name does not depend on how many pages were seen before it. The
 * comparison ignores case. Allocate in a stable order (e.g. by id) for fully
 * order-independent results.
 */
export function uniqueName(base: string, taken: Set<string>, idHint: string, opts: UniqueNameOptions = {}): string {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!isTaken(taken, base)) return base;
  const hex = idHint.toLowerCase().replace(/[^0-9a-z]/g, '');
  const suffixes: string[] = [];
  for (const len of [4, 8, 12, 32]) if (hex.length >= len || (len === 4 && hex.length > 0)) suffixes.push(hex.slice(0, len));
  for (let n = 2; suffixes.length < 1000; n++) suffixes.push(hex ? `${hex.slice(0, 8)}-${n}` : String(n));
  for (const suffix of [...new Set(suffixes)]) {
    const tail = ` (${suffix})`;
    const head = trimEnd(truncateBytes(base, maxBytes - utf8(tail))) || 'Untitled';
    const candidate = head + tail;
    if (!isTaken(taken, candidate)) return candidate;
  }
  throw new Error(`no free name for "${base}"`);
}

/**
 * True when `candidate` resolves strictly inside `root` (lexically). Call before
 * every write; atomicWrite also checks the real path of the parent directory.
 */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(root, candidate));
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}
