// Files that carry a notion_id but have no mapping (a lost or rebuilt state
// database, a fresh clone, or a crash between a file write and a flush) are
// adopted, so the next pull compares them instead of writing duplicates. When
// several files claim one page (a copy made in the file manager), the file at
// the page's expected path keeps it and the others are reported, never adopted.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { safeFileName } from '../documents/names';
import type { DocumentRow, MapRow } from '../store/types';
import type { EngineContext } from './context';
import { toAbsolute } from './layout';
import { unlinkedIds } from './unlinked';

export function adoptOrphans(ctx: EngineContext): number {
  const { store } = ctx;
  let adopted = 0;
  for (const [notionId, docs] of claimsByPage(ctx)) {
    const existing = store.getMapByNotionId(notionId);
    const live = existing && existing.state !== 'trashed' ? existing : undefined;
    // A live mapping whose file exists wins (a copy of a pulled file is not adopted).
    if (live && existsSync(toAbsolute(ctx, live.path))) {
      reportClaimants(ctx, notionId, live.path, docs);
      continue;
    }
    const keeper = pickKeeper(docs);
    reportClaimants(ctx, notionId, keeper.path, docs);
    if (live) followRename(ctx, live, keeper.path);
    else {
      adopt(ctx, notionId, keeper, existing);
      adopted++;
    }
  }
  if (adopted) ctx.logger.info(`adopted ${adopted} file(s) with a notion_id but no mapping (state rebuilt from frontmatter)`);
  return adopted;
}

/** Documents inside the sync folder claiming each page (unlinked pages excluded). */
function claimsByPage(ctx: EngineContext): Map<string, DocumentRow[]> {
  const folder = `${ctx.settings.folder}/`;
  const claims = new Map<string, DocumentRow[]>();
  // Pages one file claims, at their mapping's path, need nothing: most of them, and not read at all.
  const toCheck = new Set(ctx.store.documentClaimsToCheck(ctx.settings.folder));
  if (toCheck.size === 0) return claims;
  const unlinked = new Set(unlinkedIds(ctx.store));
  for (const doc of ctx.store.listDocuments()) {
    if (!doc.notionId || !toCheck.has(doc.notionId) || !doc.path.startsWith(folder) || unlinked.has(doc.notionId)) continue;
    claims.set(doc.notionId, [...(claims.get(doc.notionId) ?? []), doc]);
  }
  return claims;
}

/** The claimant named as the page would be named (its title made safe), else the shortest path. */
export function pickKeeper(docs: DocumentRow[]): DocumentRow {
  const expected = (d: DocumentRow) => {
    const title = typeof d.frontmatter.title === 'string' ? d.frontmatter.title : d.title;
    return title !== null && path.posix.basename(d.path) === `${safeFileName(title)}.md`;
  };
  return [...docs].sort((a, b) => Number(expected(b)) - Number(expected(a)) || a.path.length - b.path.length || a.path.localeCompare(b.path))[0];
}

function reportClaimants(ctx: EngineContext, notionId: string, keeperPath: string, docs: DocumentRow[]): void {
  for (const d of docs) {
    if (d.path === keeperPath) continue;
    const message = `also claims Notion page ${notionId}, which ${keeperPath} keeps; remove notion_id from this copy (or delete it) to end the clash`;
    if (d.diagnostics.includes(message)) continue;
    ctx.store.upsertDocument({ id: d.id, path: d.path, diagnostics: [...d.diagnostics, message] });
    ctx.store.appendLog({ level: 'warn', operation: 'adopt', notionId, message: `${d.path} ${message}` });
    ctx.logger.warn(`${d.path}: ${message}`);
  }
}

/** Renamed or moved locally: the mapping follows the file, its hashes and state stay. */
function followRename(ctx: EngineContext, live: MapRow, to: string): void {
  ctx.store.upsertMap({ localId: live.localId, path: to });
  ctx.store.appendLog({ level: 'info', operation: 'rename', notionId: live.notionId, localId: live.localId, message: `followed a local rename: ${live.path} → ${to}` });
}

function adopt(ctx: EngineContext, notionId: string, doc: DocumentRow, existing: MapRow | undefined): void {
  ctx.store.upsertMap({
    localId: existing?.localId ?? `notion:${notionId}`,
    notionId,
    notionType: 'page',
    path: doc.path,
    title: doc.title,
    localHash: null,
    remoteHash: null,
    state: 'pending',
  });
}
