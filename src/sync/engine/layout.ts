// Where a Notion node lives on disk. Pages are `Title.md` with their children in
// a sibling folder `Title/`; databases and data sources are folders of row files.
// Names come from titles made safe, collisions are settled deterministically,
// and a file that is not ours is never taken over.
import { closeSync, constants, lstatSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { nameKey, safeFileName, uniqueName } from '../documents/names';
import { parseNotionId, sameId as idsEqual } from '../notion/ids';
import type { MapRow, NotionType } from '../store/types';
import type { EngineContext } from './context';

/**
 * Whether `stem` (a path without extension) is claimed by another node: a
 * mapping of a page (`stem.md`) or folder (`stem`), or a markdown file on disk
 * that does not carry this node's id.
 */
function takenAt(ctx: EngineContext, stem: string, notionId: string): boolean {
  const index = caseIndex(ctx);
  for (const p of [`${stem}.md`, stem]) {
    const m = ctx.store.getMapByPath(p);
    if (m && m.state !== 'trashed' && !sameId(m.notionId, notionId)) return true;
    // Same path but for case: one file on macOS and Windows. The index may be
    // stale (moves, trash), so its answer is checked against the mapping.
    const owner = index.get(nameKey(p));
    if (owner && !sameId(owner, notionId)) {
      const o = ctx.store.getMapByNotionId(owner);
      if (o && o.state !== 'trashed' && nameKey(o.path) === nameKey(p)) return true;
    }
  }
  const abs = toAbsolute(ctx, `${stem}.md`);
  if (lexists(abs) && !sameId(fileNotionId(abs), notionId)) return true;
  return foreignFolder(ctx, stem);
}

/**
 * A folder on disk that no synced node owns and that holds a file which is not
 * a pulled page (no notion_id): the user's own. Taking its name would make
 * their files look like our children's (and, in bidirectional mode, push them).
 */
function foreignFolder(ctx: EngineContext, stem: string): boolean {
  const owner = ctx.store.getMapByPath(stem) ?? ctx.store.getMapByPath(`${stem}.md`);
  if (owner && owner.state !== 'trashed') return false;
  let entries: Dirent[];
  try {
    entries = readdirSync(toAbsolute(ctx, stem), { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => e.isFile() && !e.name.startsWith('.') && !(e.name.endsWith('.md') && fileNotionId(path.join(toAbsolute(ctx, stem), e.name))));
}

const caseIndexes = new WeakMap<object, Map<string, string>>();

/** Drops the case index: it lives for one run (the engine calls this at each job's start and end). */
export function forgetLayoutCache(ctx: EngineContext): void {
  caseIndexes.delete(ctx.store);
}

/** Case-folded path → notion id of every placed node, built once per run. */
function caseIndex(ctx: EngineContext): Map<string, string> {
  let index = caseIndexes.get(ctx.store);
  if (!index) {
    index = new Map();
    for (const m of ctx.store.listMaps()) if (m.state !== 'trashed') index.set(nameKey(m.path), m.notionId);
    caseIndexes.set(ctx.store, index);
  }
  return index;
}

/** The folder a node's children go into (workspace-relative, posix). */
export function childDir(map: Pick<MapRow, 'path' | 'notionType'>): string {
  return map.notionType === 'page' ? map.path.replace(/\.md$/, '') : map.path;
}

export function toAbsolute(ctx: EngineContext, rel: string): string {
  return path.join(ctx.workspace, ...rel.split('/'));
}

const FRONTMATTER_ID = /^notion_id:\s*["']?([0-9a-f-]{32,36})["']?\s*$/m;

/** Whether anything (a link too, even a dangling one) is at `abs`. */
function lexists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/**
 * The notion_id a file on disk claims in its frontmatter, if any (reads at most
 * 4 KB). A symbolic link claims nothing: it is never followed, so a path holding
 * one is taken.
 */
export function fileNotionId(abs: string): string | null {
  try {
    const fd = openSync(abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const buf = Buffer.alloc(4096);
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, 0);
    } finally {
      closeSync(fd);
    }
    const head = buf.subarray(0, n).toString('utf8');
    if (!head.startsWith('---')) return null;
    const m = FRONTMATTER_ID.exec(head);
    return m ? parseNotionId(m[1]) : null;
  } catch {
    return null;
  }
}

function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && idsEqual(a, b);
}

/**
 * Chooses the path of `notionId` under `parentDir`. Synchronous on purpose: with
 * sql.js the choice and the reservation (upsertMap by the caller) happen with no
 * await between them, so concurrent pulls never pick the same name.
 */
export function placeNode(
  ctx: EngineContext,
  args: { notionId: string; notionType: NotionType; title: string; parentDir: string; current: MapRow | null },
): string {
  const { notionId, notionType, title, parentDir, current } = args;
  const ext = notionType === 'page' ? '.md' : '';
  // Keep a settled name while the title and the parent stay the same.
  if (current && current.state !== 'trashed' && path.posix.dirname(current.path) === parentDir && current.title === title) {
    return current.path;
  }
  // Try the plain name, then deterministic suffixes, checking only those
  // candidates (not the whole folder): cheap even with thousands of siblings.
  const base = safeFileName(title);
  const tried = new Set<string>();
  let name = base;
  for (;;) {
    name = uniqueName(base, tried, notionId.replace(/-/g, ''));
    if (!takenAt(ctx, `${parentDir}/${name}`, notionId)) break;
    tried.add(name);
  }
  const placed = `${parentDir}/${name}${ext}`;
  caseIndex(ctx).set(nameKey(placed), notionId);
  return placed;
}
