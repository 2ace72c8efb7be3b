// Bidirectional mode: a push (or create) sends a relative link to a file that
// is no page yet as its text. When that file becomes a page (created from the
// file, or pulled to that path), the linking page is pushed once more so
// Notion gets the link. Nothing is kept for it: a page whose file links to a
// page its base does not link to is exactly such a page; the mapping's hashes
// (the file's differs from Notion's after such a push) keep the search cheap.
// The queue claims creates after other pushes (queue.ts), so a page is pushed
// before a child created under it changes its text in Notion: the link then
// merges with the child's block instead of overlapping it.
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import { linkTargets } from '../markdown';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import { pageLinks } from './pageLinks';

/** Ids of pages among `targets` that `body` (a file at `at`) links to. */
function linkedAmong(ctx: EngineContext, at: string, body: string, targets: ReadonlySet<string>): Set<string> {
  const links = pageLinks(ctx.store, at);
  const out = new Set<string>();
  for (const t of linkTargets(body)) {
    const id = links.idFor(t.url);
    if (id && targets.has(id)) out.add(id);
  }
  return out;
}

/** Whether the file links to one of `targets` that Notion's version of the page (its base) does not. */
async function waitsFor(ctx: EngineContext, map: MapRow, targets: ReadonlySet<string>): Promise<boolean> {
  const base = ctx.store.getBase(map.localId);
  const text = base ? await readWorkspaceText(ctx.workspace, map.path).catch(() => null) : null;
  if (!base || text === null) return false;
  const local = parseDocument(text, map.path);
  const known = parseDocument(base.content, map.path);
  if (!local.ok || !known.ok) return false;
  const wanted = linkedAmong(ctx, map.path, local.body, targets);
  if (wanted.size === 0) return false;
  const held = linkedAmong(ctx, map.path, known.body, targets);
  return [...wanted].some((id) => !held.has(id));
}

/**
 * Queues a push of every synced page whose file links to one of `newPages`
 * (pages that just got a file path) while Notion holds that link as text.
 * Returns how many were queued.
 */
export async function queueWaitingLinks(ctx: EngineContext, newPages: ReadonlySet<string>): Promise<number> {
  if (ctx.settings.mode !== 'bidirectional' || ctx.dryRun || newPages.size === 0) return 0;
  let queued = 0;
  for (const map of ctx.store.listMaps()) {
    if (map.notionType !== 'page' || map.state !== 'synced' || map.localHash === null || map.localHash === map.remoteHash) continue;
    if (!(await waitsFor(ctx, map, newPages))) continue;
    // The file counts as edited against Notion again: if Notion moved meanwhile (a new child page is
    // appended to its parent), the pull merges the link in rather than taking Notion's text over it.
    ctx.store.transaction(() => {
      ctx.store.upsertMap({ localId: map.localId, localHash: map.remoteHash });
      ctx.store.enqueue({ operation: 'push', notionId: map.notionId, localId: map.localId, source: 'engine' });
    });
    ctx.store.appendLog({ level: 'info', operation: 'push', notionId: map.notionId, localId: map.localId, message: `${map.path} links to a page that now exists: pushed again` });
    queued++;
  }
  return queued;
}
