// Keeps pulled files in the document model's file form without a round trip
// to Notion:
// - migration: files pulled before the document model hold Notion's v1 text;
//   on the first sync each is rewritten in the portable form (a backup kept),
//   with its base and hashes, so the conversion itself raises no conflict;
// - links: a page rendered before the pages it links to had files keeps Notion
//   URLs; once those pages are synced, the links become relative (only in files
//   the user has not edited since, and never over a save);
// - media: files pulled before media were downloaded hold Notion's signed
//   file URLs (in the file and its base); once the page's media have local
//   copies, the URLs become their relative paths (a backup kept, edits kept).
import { parseDocument, serializeDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import { fromFile, parseNotion, toFile } from '../markdown';
import type { MapRow } from '../store/types';
import { keepBackup } from './backup';
import { isSigned } from './media';
import type { EngineContext } from './context';
import { replaceIfUnchanged, type WrittenStat } from './fileGuard';
import { recordWrittenFile } from './documentIndex';
import { anchorsForNotion } from './anchors';
import { pageLinks } from './pageLinks';
import { fileHash } from './render';
import { intentForMap } from './writeJournal';

/** Config key: the file form the workspace's files are in (absent: the pre-model v1 text). */
export const FILE_FORM_KEY = 'files.form';
const FILE_FORM = 'portable-1';

type Convert = (body: string, map: MapRow) => string;

function rewrite(text: string, map: MapRow, convert: Convert): string | null {
  const doc = parseDocument(text, map.path);
  if (!doc.ok) return null;
  return serializeDocument(doc.frontmatter, convert(doc.body, map));
}

async function reformOne(ctx: EngineContext, map: MapRow, convert: Convert, migrating: boolean): Promise<boolean> {
  const base = ctx.store.getBase(map.localId);
  if (!base) return false;
  const local = await readWorkspaceText(ctx.workspace, map.path);
  // Links are refreshed only in files as we left them; a migration converts edited files too (their words kept).
  if (!migrating && local !== base.content) return false;
  const nextBase = rewrite(base.content, map, convert);
  const nextLocal = local === null ? null : local === base.content ? nextBase : rewrite(local, map, convert);
  if (nextBase === null || local === null || nextLocal === null || (nextBase === base.content && nextLocal === local)) return false;
  if (migrating) await keepBackup(ctx, map.path, local);
  const apply = () => rewriteWithBase(ctx, map, { local, nextLocal, nextBase });
  // A file as we left it becomes its new base too: announced, so a crash before the state is saved is no local edit (writeIntent.ts).
  const intents = nextLocal === nextBase ? ctx.writeIntents : undefined;
  return intents ? intents.around(intentForMap(map, nextLocal), apply) : apply();
}

async function rewriteWithBase(ctx: EngineContext, map: MapRow, t: { local: string; nextLocal: string; nextBase: string }): Promise<boolean> {
  const written = (st: WrittenStat) => recordWrittenFile(ctx, map.localId, map.path, t.nextLocal, st);
  if ((await replaceIfUnchanged(ctx.workspace, map.path, t.local, t.nextLocal, written)) !== 'written') return false;
  const baseHash = fileHash(t.nextBase);
  ctx.store.transaction(() => {
    ctx.store.setBase(map.localId, t.nextBase, baseHash);
    ctx.store.upsertMap({ localId: map.localId, remoteHash: baseHash, localHash: t.nextLocal === t.nextBase ? baseHash : fileHash(t.nextLocal) });
  });
  return true;
}

function pageMaps(ctx: EngineContext): MapRow[] {
  return ctx.store.listMaps().filter((m) => m.notionType === 'page' && m.state !== 'trashed');
}

/** Once per workspace: v1-form files become portable files. Returns how many were rewritten. */
export async function migrateFileForm(ctx: EngineContext): Promise<number> {
  if (ctx.dryRun || ctx.store.getConfig<string>(FILE_FORM_KEY) === FILE_FORM) return 0;
  let n = 0;
  const convert: Convert = (body, map) => toFile(parseNotion(body, 'auto').root, pageLinks(ctx.store, map.path));
  for (const map of pageMaps(ctx)) if (await reformOne(ctx, map, convert, true)) n++;
  ctx.store.setConfig(FILE_FORM_KEY, FILE_FORM);
  if (n) ctx.store.appendLog({ level: 'info', operation: 'migrate', message: `${n} file(s) rewritten as portable markdown (backups kept)` });
  return n;
}

const NOTION_LINK = /\]\(https?:\/\/[^)]*notion\.(so|com|site)\//;

/** Files whose Notion links now lead to synced pages get relative links. Returns how many changed. */
export async function relinkFiles(ctx: EngineContext): Promise<number> {
  if (ctx.dryRun) return 0;
  let n = 0;
  for (const map of pageMaps(ctx)) {
    const base = ctx.store.getBase(map.localId);
    if (!base || !NOTION_LINK.test(base.content)) continue;
    // Block anchors become heading anchors here too, as a pull would write them.
    const anchors = await anchorsForNotion(ctx, base.content);
    const convert: Convert = (body) => {
      const links = pageLinks(ctx.store, map.path, anchors);
      return toFile(fromFile(body, links), links);
    };
    if (await reformOne(ctx, map, convert, false)) n++;
  }
  return n;
}

/** Once per workspace, files written by older versions are brought to the current form (a pull's first step). */
export async function upgradeFiles(ctx: EngineContext): Promise<void> {
  await migrateFileForm(ctx);
  queueSignedRefresh(ctx);
}

/** Config key: the one-time refresh of pages whose base holds signed file URLs was queued. */
export const UNSIGNED_KEY = 'media.unsigned';

/** A Notion-signed file URL as a link or image destination (`](https://…?X-Amz-…`). */
const SIGNED_DESTINATION = /(\]\(<?)(https?:\/\/[^\s)>]+)/g;

/**
 * Once per workspace: pages whose base holds Notion-signed file URLs (pulled
 * before media were downloaded) are queued for a refresh, which downloads
 * their media and links the copies (unsignMedia). Returns how many were queued.
 */
export function queueSignedRefresh(ctx: EngineContext): number {
  if (ctx.dryRun || ctx.store.getConfig<number>(UNSIGNED_KEY)) return 0;
  let n = 0;
  for (const map of pageMaps(ctx)) {
    const base = ctx.store.getBase(map.localId);
    if (!base || !isSigned(base.content)) continue;
    ctx.store.enqueue({ operation: 'update', notionId: map.notionId, source: 'engine', payload: { force: true } });
    n++;
  }
  ctx.store.setConfig(UNSIGNED_KEY, 1);
  if (n) ctx.store.appendLog({ level: 'info', operation: 'migrate', message: `${n} page(s) hold signed file URLs: refreshed to download their media` });
  return n;
}

/**
 * The page's media have local copies (pullMedia ran): signed URLs left in its
 * base and file become the copies' relative paths, only those bytes changed,
 * the file backed up first. True when the file was rewritten.
 */
export async function unsignMedia(ctx: EngineContext, map: MapRow): Promise<boolean> {
  const base = ctx.dryRun ? undefined : ctx.store.getBase(map.localId);
  if (!base || !isSigned(base.content)) return false;
  const links = pageLinks(ctx.store, map.path);
  const convert: Convert = (body) => body.replace(SIGNED_DESTINATION, (all, open: string, url: string) => (isSigned(url) ? `${open}${links.mediaPathFor(url) ?? url}` : all));
  // A file edited since it was synced stays edited: reformOne records the new text as settled, so the recorded hash goes back.
  const local = await readWorkspaceText(ctx.workspace, map.path).catch(() => null);
  const edited = local !== null && local !== base.content && fileHash(local) !== map.localHash;
  const done = await reformOne(ctx, map, convert, true);
  if (done && edited) ctx.store.upsertMap({ localId: map.localId, localHash: map.localHash });
  if (done) ctx.store.appendLog({ level: 'info', operation: 'migrate', notionId: map.notionId, localId: map.localId, message: `${map.path}: signed file URLs replaced by the local copies (backup kept)` });
  return done;
}
