// Where a Notion node lives on disk. Pages are `Title.md` with their children in
// a sibling folder `Title/`; databases and data sources are folders of row files.
// Names come from titles made safe, collisions are settled deterministically,
// and a file that is not ours is never taken over.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { safeFileName, uniqueName } from '../documents/names';
import { parseNotionId, sameId as idsEqual } from '../notion/ids';
import type { MapRow, NotionType } from '../store/types';
import type { EngineContext } from './context';

/** The folder a node's children go into (workspace-relative, posix). */
export function childDir(map: Pick<MapRow, 'path' | 'notionType'>): string {
  return map.notionType === 'page' ? map.path.replace(/\.md$/, '') : map.path;
}

export function toAbsolute(ctx: EngineContext, rel: string): string {
  return path.join(ctx.workspace, ...rel.split('/'));
}

const FRONTMATTER_ID = /^notion_id:\s*["']?([0-9a-f-]{32,36})["']?\s*$/m;

/** The notion_id a file on disk claims in its frontmatter, if any (reads at most 4 KB). */
export function fileNotionId(abs: string): string | null {
  try {
    const head = readFileSync(abs, { encoding: 'utf8', flag: 'r' }).slice(0, 4096);
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
  const taken = new Set<string>();
  for (const m of ctx.store.listMaps()) {
    if (sameId(m.notionId, notionId) || m.state === 'trashed') continue;
    if (path.posix.dirname(m.path) === parentDir) taken.add(path.posix.basename(m.path).replace(/\.md$/, ''));
  }
  // A file someone else put there is taken too, unless it is ours. Folders need
  // no check: a folder is taken only through the mapping or file that owns it,
  // and every file inside is checked the same way before it is written.
  const absDir = toAbsolute(ctx, parentDir);
  if (existsSync(absDir)) {
    for (const entry of readdirSync(absDir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
      const base = entry.name.slice(0, -3);
      if (!taken.has(base) && !sameId(fileNotionId(path.join(absDir, entry.name)), notionId)) taken.add(base);
    }
  }
  const name = uniqueName(safeFileName(title), taken, notionId.replace(/-/g, ''));
  return `${parentDir}/${name}${ext}`;
}
