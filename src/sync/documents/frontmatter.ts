// Frontmatter ⇄ text. gray-matter splits the file; js-yaml (gray-matter's own
// engine) parses and dumps with schemas chosen for a lossless round trip.
import matter from 'gray-matter';
import * as yaml from 'js-yaml';
import type { Diagnostic } from './diagnostics';

export type Frontmatter = Record<string, unknown>;

export type ParsedDocument =
  | { ok: true; frontmatter: Frontmatter; body: string; hasFrontmatter: boolean }
  | { ok: false; diagnostic: Diagnostic };

/** Keys the engine owns; always written first, in this order. */
export const ENGINE_KEYS = ['notion_id', 'notion_url', 'notion_last_edited'] as const;

// Reading uses the core schema: `date: 2024-01-01` stays the string the user
// wrote (no Date objects, no time-zone shifts). Writing uses the default schema,
// so every string a YAML 1.1 reader would take for a date, number, boolean or
// null is quoted; js-yaml's compat mode also quotes yes/no/on/off.
const READ_SCHEMA = yaml.CORE_SCHEMA;
const WRITE_SCHEMA = yaml.DEFAULT_SCHEMA;

class FrontmatterError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const refuse = (language: string) => () => {
  throw new FrontmatterError(`unsupported front matter language "${language}" (only YAML is read)`, 1, 4);
};

// A fresh options object per call: gray-matter caches results by content only
// when called without options, and would hand back shared, mutable data.
// The javascript engine is replaced because gray-matter's default evals it.
function grayMatterOptions() {
  return {
    language: 'yaml',
    engines: {
      // gray-matter cuts the block before the newline that ends its last line;
      // put it back, or a `|+` block scalar at the end loses a line break.
      yaml: { parse: (s: string) => loadYaml(s + '\n') as object },
      javascript: refuse('javascript'),
      coffee: refuse('coffee'),
      json: refuse('json'),
    },
  };
}

function loadYaml(source: string): unknown {
  try {
    return yaml.load(source, { schema: READ_SCHEMA });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const mark = e.mark as { line: number; column: number } | undefined;
      // `source` starts right after the opening `---`, so its line 0 is the
      // file's line 1: a 0-based mark line is the file's 1-based line.
      throw new FrontmatterError(e.reason ?? e.message, mark ? mark.line + 1 : undefined, mark ? mark.column + 1 : undefined);
    }
    throw e;
  }
}

/** Splits a markdown file into frontmatter and body. Never throws; never touches the file. */
export function parseDocument(text: string, path: string): ParsedDocument {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!startsFrontmatter(src)) {
    return { ok: true, frontmatter: {}, body: src, hasFrontmatter: false };
  }
  if (!hasClosingDelimiter(src)) {
    return fail(path, 'front matter is not closed: add a line "---" after it', 1, 1);
  }
  let data: unknown;
  let body: string;
  try {
    const file = matter(src, grayMatterOptions());
    data = file.data;
    body = file.content;
  } catch (e) {
    if (e instanceof FrontmatterError) return fail(path, e.message, e.line, e.column);
    return fail(path, e instanceof Error ? e.message : String(e), 1, 1);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    return fail(path, 'front matter must be a mapping of keys to values', 2, 1);
  }
  return { ok: true, frontmatter: data as Frontmatter, body, hasFrontmatter: true };
}

function fail(path: string, message: string, line?: number, column?: number): ParsedDocument {
  const diagnostic: Diagnostic = { path, severity: 'error', code: 'invalid-frontmatter', message: `Invalid front matter: ${message}` };
  if (line !== undefined) diagnostic.line = line;
  if (column !== undefined) diagnostic.column = column;
  return { ok: false, diagnostic };
}

// Mirrors gray-matter's own test: `---` not followed by another `-`.
function startsFrontmatter(src: string): boolean {
  return src.startsWith('---') && src.charAt(3) !== '-';
}

// gray-matter treats an unclosed block as "everything is frontmatter"; we
// refuse instead, so a stray `---` never swallows the body.
function hasClosingDelimiter(src: string): boolean {
  const firstBreak = src.indexOf('\n');
  return firstBreak !== -1 && src.indexOf('\n---', firstBreak) !== -1;
}

/**
 * Frontmatter + body → file text. Engine keys first, then the rest in the given
 * order; Dates become ISO strings; `undefined` values are dropped.
 * `parseDocument(serializeDocument(fm, body))` gives back fm and body.
 */
export function serializeDocument(frontmatter: Frontmatter, body: string): string {
  const ordered = orderKeys(frontmatter);
  if (Object.keys(ordered).length === 0) {
    // An empty block is still needed when the body itself would read as one.
    return needsEmptyBlock(body) ? `---\n---\n${body}` : body;
  }
  const dumped = yaml.dump(ordered, { schema: WRITE_SCHEMA, lineWidth: -1, noRefs: true });
  return `---\n${dumped}---\n${body}`;
}

function needsEmptyBlock(body: string): boolean {
  return body.startsWith('---') || body.charCodeAt(0) === 0xfeff;
}

function orderKeys(frontmatter: Frontmatter): Frontmatter {
  const out: Frontmatter = {};
  const put = (key: string, value: unknown) => {
    const v = plain(value);
    // defineProperty, so a key named "__proto__" stays a key.
    if (v !== undefined) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  };
  for (const key of ENGINE_KEYS) if (Object.prototype.hasOwnProperty.call(frontmatter, key)) put(key, frontmatter[key]);
  for (const key of Object.keys(frontmatter)) if (!(ENGINE_KEYS as readonly string[]).includes(key)) put(key, frontmatter[key]);
  return out;
}

/** Reduces a value to what YAML can hold losslessly (JSON-like + ISO dates). */
function plain(value: unknown): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v) => plain(v) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: Frontmatter = {};
    for (const key of Object.keys(value)) {
      const v = plain((value as Frontmatter)[key]);
      if (v !== undefined) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
