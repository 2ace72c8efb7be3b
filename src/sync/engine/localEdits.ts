// Files edited since the engine last wrote or verified them: marked modified
// (publish mode keeps them local) or queued for a push (bidirectional mode); a
// new file that asks to become a page is queued for creation.
import { readWorkspaceText, UnsafePathError } from '../documents/workspaceFs';
import type { EngineContext } from './context';
import { isNewPageFile, isPageCandidate } from './create';
import { markNoticed } from './documentIndex';
import { fileHash } from './render';

/** Returns how many of `paths` were noticed as edits (or new pages). */
export async function noticeLocalEdits(ctx: EngineContext, paths: string[]): Promise<number> {
  let noticed = 0;
  for (const rel of paths) if (await noticeOne(ctx, rel)) noticed++;
  // Only now: a crash before this point hands the paths to the next scan again (noticing twice is harmless).
  // A file that would become a page in bidirectional mode stays handed back while the mode is publish,
  // so the first bidirectional run creates it although it has not changed since.
  markNoticed(ctx, ctx.settings.mode === 'bidirectional' ? paths : paths.filter((rel) => !waitsForBidirectional(ctx, rel)));
  return noticed;
}

function waitsForBidirectional(ctx: EngineContext, rel: string): boolean {
  const doc = ctx.store.getDocumentByPath(rel);
  return doc !== undefined && isPageCandidate(ctx, rel, doc.frontmatter);
}

async function noticeOne(ctx: EngineContext, rel: string): Promise<boolean> {
  const { store } = ctx;
  const map = store.getMapByPath(rel);
  if (!map) {
    const doc = store.getDocumentByPath(rel);
    if (!doc || !isNewPageFile(ctx, rel, doc.frontmatter)) return false;
    store.enqueue({ operation: 'push', localId: doc.id, source: 'user', payload: { path: rel, create: true } });
    return true;
  }
  if (map.notionType !== 'page' || map.localHash === null || (map.state !== 'synced' && map.state !== 'modified')) return false;
  const text = await readWorkspaceText(ctx.workspace, rel).catch((e: unknown) => {
    if (e instanceof UnsafePathError) return null; // a link: never pushed (the scan reports it)
    throw e;
  });
  if (text === null || fileHash(text) === map.localHash) return false;
  if (ctx.settings.mode === 'bidirectional') store.enqueue({ operation: 'push', notionId: map.notionId, localId: map.localId, source: 'user' });
  else if (map.state !== 'modified') {
    store.setMapState(map.localId, 'modified');
    store.appendLog({ level: 'info', operation: 'edit', notionId: map.notionId, localId: map.localId, message: `edited locally: ${rel}` });
  }
  return true;
}
