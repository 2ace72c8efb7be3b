// Bidirectional mode: a new markdown file inside a synced page's folder (or a
// database's folder) becomes a new Notion page there. The file keeps its words;
// it gains the notion_* keys that tie it to the page.
import path from 'node:path';
import { parseDocument, serializeDocument } from '../documents/frontmatter';
import { frontmatterToProperties } from '../notion/properties';
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import type { EngineContext } from './context';
import { rewriteFile } from './fileGuard';
import { childDir } from './layout';
import { keepBackup } from './backup';
import { PushRefused, readForPush } from './push';
import { anchorsForFile } from './anchors';
import { pageLinks } from './pageLinks';
import { planCreate } from './pushPlan';
import { fileHash, renderPageFile } from './render';
import { exactHash } from './writeJournal';

/** The synced node whose folder holds `relPath`, or null when the file is not inside one. */
export function parentForNewFile(ctx: EngineContext, relPath: string): MapRow | null {
  const dir = path.posix.dirname(relPath);
  for (const m of ctx.store.listMaps()) {
    if (m.state === 'trashed') continue;
    if ((m.notionType === 'page' || m.notionType === 'data_source') && childDir(m) === dir) return m;
  }
  return null;
}

/** Whether a file would become a page in bidirectional mode: unlinked to Notion, inside a synced folder (whatever the mode now). */
export function isPageCandidate(ctx: EngineContext, relPath: string, frontmatter: Record<string, unknown>): boolean {
  if (!relPath.startsWith(`${ctx.settings.folder}/`)) return false;
  if (typeof frontmatter.notion_id === 'string' || ctx.store.getMapByPath(relPath)) return false;
  return parentForNewFile(ctx, relPath) !== null;
}

/** Whether a changed file is to be created as a page now: a candidate, in bidirectional mode. */
export function isNewPageFile(ctx: EngineContext, relPath: string, frontmatter: Record<string, unknown>): boolean {
  return ctx.settings.mode === 'bidirectional' && isPageCandidate(ctx, relPath, frontmatter);
}

export async function createPageFromFile(ctx: EngineContext, relPath: string, firstAttemptAt: string | undefined, signal?: AbortSignal): Promise<string> {
  const { gateway, store } = ctx;
  const text = await readForPush(ctx, relPath);
  const parsed = parseDocument(text, relPath);
  const owner = parentForNewFile(ctx, relPath);
  // `Other.md#heading` goes to Notion as a link to that heading's block, and reads back the same
  // (headings are read from Notion only for a file that will be created).
  const creating = parsed.ok && owner !== null && typeof parsed.frontmatter.notion_id !== 'string';
  const links = pageLinks(store, relPath, creating ? await anchorsForFile(ctx, relPath, parsed.body, signal) : undefined);
  const plan = planCreate({ path: relPath, text, owner, links });
  if (plan.kind === 'refuse') throw new PushRefused(plan.reason);
  if (plan.kind === 'linked') return plan.notionId;

  const properties = plan.rowValues ? await rowProperties(ctx, plan.owner.notionId, plan.rowValues, signal) : undefined;
  const page = await gateway.createPage({ parent: plan.parent, title: plan.title, properties, markdown: plan.markdown, firstAttemptAt, signal });
  // Notion's rendering of the new page (the base) is read before the file is touched, so the write can be announced with it.
  const body = await gateway.pullBody(page.id, signal);
  const fresh = await gateway.getPage(page.id, signal);
  const canonical = renderPageFile(fresh, body.markdown, body.lossy, links);
  await tieFileToPage(ctx, { owner: plan.owner, relPath, text, frontmatter: plan.frontmatter, body: plan.body, page, fresh, canonical });
  return page.id;
}

interface Tie {
  owner: MapRow;
  relPath: string;
  /** The file as read for the create; `frontmatter` and `body` parsed from it. */
  text: string;
  frontmatter: Record<string, unknown>;
  body: string;
  page: NotionPage;
  fresh: NotionPage;
  canonical: string;
}

/**
 * The file gains the keys that tie it to the page; its words stay as written,
 * including a save that landed while the requests were in flight (Notion got the
 * words as read, so such a save is a local edit to push later). Announced first
 * (writeIntent.ts): a crash before the mapping is saved leaves a file the next
 * run knows, with Notion's rendering as its base.
 */
async function tieFileToPage(ctx: EngineContext, t: Tie): Promise<void> {
  const keys = { notion_id: t.page.id, notion_url: t.page.url, notion_last_edited: t.page.lastEditedTime };
  const linked = serializeDocument({ ...keys, ...t.frontmatter }, t.body);
  const write = async () => {
    await keepBackup(ctx, t.relPath, t.text);
    await rewriteFile(ctx.workspace, t.relPath, (current) => {
      if (current === t.text) return linked;
      const now = parseDocument(current, t.relPath);
      return now.ok ? serializeDocument({ ...keys, ...now.frontmatter }, now.body) : current;
    });
    recordCreated(ctx, { owner: t.owner, relPath: t.relPath, fresh: t.fresh, linked, canonical: t.canonical });
  };
  const intents = ctx.dryRun ? undefined : ctx.writeIntents;
  if (!intents) return write();
  const { fresh } = t;
  const intent = { localId: `notion:${fresh.id}`, notionId: fresh.id, rootId: t.owner.rootId, parentNotionId: t.owner.notionId, path: t.relPath, title: fresh.title, url: fresh.url };
  await intents.around({ ...intent, lastEdited: fresh.lastEditedTime, syncedAt: ctx.now(), sha: exactHash(linked), base: t.canonical }, write);
}

/** A new database row's properties: the plan's values matched to the data source's schema (read-only ones skipped). */
async function rowProperties(ctx: EngineContext, dataSourceId: string, values: Record<string, unknown>, signal?: AbortSignal) {
  const ds = await ctx.gateway.getDataSource(dataSourceId, signal);
  const schema = Object.fromEntries(Object.entries(ds.properties).filter(([, p]) => p.type !== 'title').map(([name, p]) => [name, { type: p.type }]));
  return frontmatterToProperties(values, schema, { skipReadOnly: true });
}

/** The file is now a synced page: its mapping, with Notion's own rendering as the base. */
function recordCreated(ctx: EngineContext, c: { owner: MapRow; relPath: string; fresh: NotionPage; linked: string; canonical: string }): void {
  const { store } = ctx;
  const { fresh, canonical } = c;
  const localId = `notion:${fresh.id}`;
  store.transaction(() => {
    store.upsertMap({
      localId,
      notionId: fresh.id,
      notionType: 'page',
      rootId: c.owner.rootId,
      parentNotionId: c.owner.notionId,
      path: c.relPath,
      title: fresh.title,
      url: fresh.url,
      localHash: fileHash(c.linked),
      remoteHash: fileHash(canonical),
      notionLastEditedTime: fresh.lastEditedTime,
      publishedAt: ctx.now(),
      syncedAt: ctx.now(),
      state: 'synced',
      lastError: null,
    });
    store.setBase(localId, canonical, fileHash(canonical));
    store.appendLog({ level: 'info', operation: 'create', notionId: fresh.id, localId, message: `created Notion page "${fresh.title}" from ${c.relPath}` });
    // Notion appended the new page to its parent page's text: the parent's file gets the child link in this run.
    if (c.owner.notionType === 'page') store.enqueue({ operation: 'update', notionId: c.owner.notionId, source: 'engine', payload: { force: true } });
  });
}
