// Brings one Notion node (page, or data source of a database) to disk: find
// where it belongs, move it if Notion moved it, fetch its body, and let
// reconcile() decide whether the file may be written. Idempotent: running it
// twice for the same state of Notion changes nothing the second time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { moveToTrash } from '../documents/atomicWrite';
import { makeWorkspaceDir, renameInWorkspace, workspaceEntryExists } from '../documents/workspaceFs';
import { NotionNotFoundError } from '../notion/errors';
import { parseNotionId, sameId } from '../notion/ids';
import type { NotionDataSource, NotionPage } from '../notion/types';
import { TRASH_DIR } from '../settings';
import type { MapRow } from '../store/types';
import type { ChangeRecord, EngineContext } from './context';
import { alreadySeen, notionSkew } from './discovery';
import { childDir, placeNode, toAbsolute } from './layout';
import { FileApplier } from './fileApply';
import { KeyedMutex, TreeLock } from './locks';
import { unlinkedIds } from './unlinked';
import { childReferences, stripSignature, type Root } from '../markdown';
import { hasFailedMedia, MediaDownloadError, mediaMove, mediaUrls, pullMedia } from './mediaPull';
import { anchorsForNotion } from './anchors';
import { pageLinks } from './pageLinks';
import { planGone, planMove, planParent, type ParentStanding, type PlacementAction } from './plan';
import { notionModel, renderPageModel } from './render';
import { unsignMedia } from './reform';
import type { RootSet } from './roots';
import { taskFromRow } from './tasks';

export interface RefreshOptions {
  signal?: AbortSignal;
  /** A page object fetched moments ago by discovery; saves a request. */
  snapshot?: NotionPage;
  /** Fetch the body even when timestamps say nothing changed. */
  force?: boolean;
}

export class PageSync {
  private readonly locks = new KeyedMutex();
  private readonly tree = new TreeLock();
  private readonly files: FileApplier;
  /** Children found in page bodies (`<page>`/`<database>` tags), for discovery to follow. */
  readonly discovered = new Map<string, 'page' | 'database'>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly rootSet: () => RootSet,
    private readonly report: (change: ChangeRecord) => void,
  ) {
    this.files = new FileApplier(ctx, report);
  }

  /** Runs work on one page with no pull of the same page in between. */
  locked<T>(notionId: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(notionId, fn);
  }

  /** Pulls one page. Returns false when the page is outside every root. */
  refreshPage(notionId: string, opts: RefreshOptions = {}, depth = 0): Promise<boolean> {
    return this.locks.run(notionId, () => this.refreshPageLocked(notionId, opts, depth));
  }

  private async refreshPageLocked(notionId: string, opts: RefreshOptions, depth: number): Promise<boolean> {
    const { ctx } = this;
    if (unlinkedIds(ctx.store).some((u) => sameId(u, notionId))) return false;
    const page = opts.snapshot ?? (await this.fetchPage(notionId, opts.signal));
    if (!page || page.inTrash) {
      await this.applyPlacement(notionId, planGone(page ? 'in-trash' : 'missing', this.liveMap(notionId)));
      return true;
    }
    const placement = await this.placementOf(page, opts.signal, depth);
    if (placement === null) return false;
    const before = this.settle(page, placement);
    const unchangedSince =
      before.live &&
      !opts.force &&
      before.live.path === before.target &&
      alreadySeen(before.live, page, notionSkew(ctx)) &&
      existsSync(toAbsolute(ctx, before.target)) &&
      !hasFailedMedia(ctx, page.id);
    if (unchangedSince) return true;
    this.reserve(page, before);
    if (before.live && before.live.title !== page.title) this.refreshParentOf(page, placement);

    const body = await ctx.gateway.pullBody(page.id, opts.signal);
    // Notion's text is parsed once: the children to follow, the media and the file all read this model.
    const model = notionModel(body.markdown);
    for (const child of childrenOf(model)) this.discovered.set(child.id, child.kind);
    // Media first: the file links their local copies. They go where the page's file is now (a move takes them along).
    const mediaFailures = await pullMedia(ctx, page.id, model, before.live?.path ?? before.target, opts.signal);
    // A file pulled before media were downloaded links them by signed URLs: now to the copies (reform.ts).
    if (before.live && (await unsignMedia(ctx, before.live))) this.report({ action: 'update', path: before.live.path, notionId: page.id, detail: 'media linked to local copies' });
    // Rendered for the path it lands at: links to other synced pages are relative to it.
    const anchors = await anchorsForNotion(ctx, body.markdown, opts.signal);
    const render = (at: string) => renderPageModel(page, model, body.lossy, pageLinks(ctx.store, at, anchors));
    const target = await this.placeAndWrite(page, placement, render, before.live === null);
    const media = mediaUrls(ctx, page.id);
    ctx.store.replaceResources(
      page.id,
      body.resources.flatMap((r) => (media.has(stripSignature(r.url)) ? [] : [{ kind: r.kind, url: stripSignature(r.url), title: r.title ?? null }])),
    );
    if (page.parent.type === 'data_source') {
      const task = taskFromRow(page, target);
      if (task) ctx.store.upsertTask(task);
    }
    if (mediaFailures.length) throw new MediaDownloadError(target, mediaFailures);
    return true;
  }

  /**
   * Where the page belongs right now (synchronous: the parent's folder as the
   * mappings say at this moment, so a parent moved meanwhile is followed).
   */
  private settle(page: NotionPage, placement: Placement): Settled {
    const { ctx } = this;
    const parent = placement.parentKey ? ctx.store.getMapByNotionId(placement.parentKey) : undefined;
    const parentDir = parent && parent.state !== 'trashed' ? childDir(parent) : placement.dir;
    const current = ctx.store.getMapByNotionId(page.id) ?? null;
    const live = current && current.state !== 'trashed' ? current : null;
    const target = placeNode(ctx, { notionId: page.id, notionType: 'page', title: page.title, parentDir, current: live });
    const localId = current?.localId ?? `notion:${page.id}`;
    const rootId = this.rootSet().rootOf(page.id) ?? placement.rootId ?? current?.rootId ?? null;
    return { live, target, localId, rootId };
  }

  /** Records the page's path before any await, so a concurrent sibling cannot pick it. */
  private reserve(page: NotionPage, p: Settled): void {
    this.ctx.store.upsertMap({
      localId: p.localId,
      notionId: page.id,
      notionType: 'page',
      rootId: p.rootId,
      parentNotionId: page.parent.id || null,
      path: p.live ? p.live.path : p.target,
      title: p.live ? p.live.title : page.title,
      url: page.url,
      state: p.live ? p.live.state : 'pending',
    });
  }

  /**
   * Moves the file if Notion moved the page, then reconciles it, all under the
   * tree lock: a parent's folder cannot be renamed between the choice of the
   * path and the write. Returns the path written.
   */
  private async placeAndWrite(page: NotionPage, placement: Placement, render: (target: string) => string, wasNew: boolean): Promise<string> {
    for (let pass = 0; ; pass++) {
      const written = await this.tree.shared(async () => {
        const p = this.settle(page, placement);
        // After a move pass, go on even if the paths still differ (dry run, or a move that could not happen).
        if (pass === 0 && planMove(p.live, p.target).length) return null;
        this.reserve(page, p);
        await this.files.reconcileFile({ page, localId: p.localId, rootId: p.rootId, target: p.target, text: render(p.target), known: wasNew ? null : p.live });
        return p.target;
      });
      if (written !== null) return written;
      await this.tree.exclusive(async () => {
        const p = this.settle(page, placement);
        for (const action of planMove(p.live, p.target)) if (action.kind === 'move-file' && p.live) await this.moveNode(p.live, action.to);
      });
    }
  }

  /** A renamed page changes the text of its parent (which names it), though Notion's timestamps of the parent do not move. */
  private refreshParentOf(page: NotionPage, placement: Placement): void {
    if (!placement.parentKey || page.parent.type === 'data_source' || page.parent.type === 'database') return;
    this.ctx.store.enqueue({ operation: 'update', notionId: placement.parentKey, source: 'engine', payload: { force: true } });
  }

  private async fetchPage(notionId: string, signal?: AbortSignal): Promise<NotionPage | null> {
    try {
      return await this.ctx.gateway.getPage(notionId, signal);
    } catch (e) {
      if (e instanceof NotionNotFoundError) return null;
      throw e;
    }
  }

  /**
   * Where a page's file goes (and under which root); a parent with no file yet is
   * synced first (a new subtree arrives parent first). Null when the page is
   * outside every root (its file, if any, then went to the trash).
   */
  private async placementOf(page: NotionPage, signal: AbortSignal | undefined, depth: number): Promise<Placement | null> {
    let parent = await this.parentOf(page, signal, depth);
    let plan = planParent(parent, this.liveMap(page.id));
    const first = plan[0];
    if (first?.kind === 'sync-parent') {
      if (depth <= 32) await this.syncParent(first.notionId, signal, depth + 1);
      const after = this.underPage(first.notionId);
      parent = after.kind === 'placed' ? after : { kind: 'outside' };
      plan = planParent(parent, this.liveMap(page.id));
    }
    await this.applyPlacement(page.id, plan);
    return parent.kind === 'placed' ? parent.placement : null;
  }

  /**
   * Gives a parent its file before its child. Siblings pulled at once all ask
   * for it: the first does it, the others find it placed once they hold its
   * lock (no request for what was pulled a moment ago).
   */
  private syncParent(parentId: string, signal: AbortSignal | undefined, depth: number): Promise<unknown> {
    return this.locks.run(parentId, async () => (this.liveMap(parentId) ? true : this.refreshPageLocked(parentId, { signal }, depth)));
  }

  private async parentOf(page: NotionPage, signal: AbortSignal | undefined, depth: number): Promise<ParentStanding<Placement>> {
    const { ctx } = this;
    if (this.rootSet().isRoot(page.id)) return { kind: 'placed', placement: { dir: ctx.settings.folder, rootId: page.id, parentKey: null } };
    const parent = page.parent;
    if (parent.type === 'page') return this.underPage(parent.id);
    if (parent.type === 'block') {
      // A page inside a toggle, column or callout belongs with the page holding that block.
      const owner = await this.pageOfBlock(parent.id, signal);
      return owner ? this.underPage(owner) : { kind: 'outside' };
    }
    if (parent.type === 'data_source') {
      const ds = await this.ensureDataSource(parent.id, signal, depth + 1);
      return ds ? { kind: 'placed', placement: { dir: ds.path, rootId: ds.rootId, parentKey: ds.notionId } } : { kind: 'outside' };
    }
    return { kind: 'outside' };
  }

  /** The folder under a page, if that page has a file. */
  private underPage(pageId: string): ParentStanding<Placement> {
    const known = this.liveMap(pageId);
    return known ? { kind: 'placed', placement: { dir: childDir(known), rootId: known.rootId, parentKey: known.notionId } } : { kind: 'not-synced', notionId: pageId };
  }

  /** The folder under a page, syncing that page first when it has no file yet (for databases inside pages). */
  private async dirUnderPage(pageId: string, signal: AbortSignal | undefined, depth: number): Promise<Placement | null> {
    const now = this.underPage(pageId);
    if (now.kind === 'placed') return now.placement;
    if (depth > 32) return null;
    const inside = await this.refreshPage(pageId, { signal }, depth + 1);
    const after = inside ? this.underPage(pageId) : now;
    return after.kind === 'placed' ? after.placement : null;
  }

  private liveMap(notionId: string): MapRow | null {
    const m = this.ctx.store.getMapByNotionId(notionId);
    return m && m.state !== 'trashed' ? m : null;
  }

  /** Carries out trash actions of a placement plan (moves are carried out under the tree lock, in placeAndWrite). */
  private async applyPlacement(notionId: string, plan: PlacementAction[]): Promise<void> {
    for (const action of plan) if (action.kind === 'trash') await this.trashNode(notionId, action.reason);
  }

  /** The page a block sits in, walking up through nested blocks. */
  private async pageOfBlock(blockId: string, signal?: AbortSignal): Promise<string | null> {
    let id = blockId;
    for (let hops = 0; hops < 16; hops++) {
      const block = await this.ctx.gateway.getBlock(id, signal);
      const parent = block.parent;
      if (parent.type === 'page_id') return parent.page_id;
      if (parent.type !== 'block_id') return null;
      id = parent.block_id;
    }
    return null;
  }

  /** Maps a database's data source to a folder, creating the mapping and the project row. */
  ensureDataSource(dataSourceId: string, signal?: AbortSignal, depth = 0): Promise<MapRow | null> {
    return this.locks.run(`ds:${dataSourceId}`, async () => {
      const { ctx } = this;
      const known = ctx.store.getMapByNotionId(dataSourceId);
      if (known && known.state !== 'trashed') return known;
      const ds = await ctx.gateway.getDataSource(dataSourceId, signal);
      return this.placeDataSource(ds, signal, depth);
    });
  }

  private async placeDataSource(ds: NotionDataSource, signal: AbortSignal | undefined, depth: number): Promise<MapRow | null> {
    const { ctx } = this;
    const db = await ctx.gateway.getDatabase(ds.databaseId, signal);
    let parentDir: string | null = null;
    let ownerRoot: string | null = null;
    if (this.rootSet().isRoot(ds.id) || this.rootSet().isRoot(db.id)) parentDir = ctx.settings.folder;
    else if ((db.parent.type === 'page' || db.parent.type === 'block') && depth <= 32) {
      // Inline databases may sit inside a toggle or column: they belong with the page holding it.
      const ownerId = db.parent.type === 'page' ? db.parent.id : await this.pageOfBlock(db.parent.id, signal);
      const placed = ownerId ? await this.dirUnderPage(ownerId, signal, depth) : null;
      if (placed) {
        parentDir = placed.dir;
        ownerRoot = placed.rootId;
      }
    }
    if (parentDir === null) return null;
    const title = db.dataSources.length > 1 ? `${db.title} - ${ds.title}` : db.title || ds.title;
    const dir = placeNode(ctx, { notionId: ds.id, notionType: 'data_source', title, parentDir, current: null });
    const rootId = this.rootSet().rootOf(ds.id) ?? this.rootSet().rootOf(db.id) ?? ownerRoot;
    const row = {
      localId: `notion:${ds.id}`,
      notionId: ds.id,
      notionType: 'data_source' as const,
      rootId,
      parentNotionId: db.id,
      path: dir,
      title,
      url: db.url,
      notionLastEditedTime: ds.lastEditedTime,
      state: 'synced' as const,
    };
    ctx.store.transaction(() => {
      ctx.store.upsertMap(row);
      ctx.store.upsertProject({
        id: db.id,
        dataSourceId: ds.id,
        title,
        url: db.url,
        rootId,
        folder: dir,
        schema: JSON.parse(JSON.stringify(ds.properties)),
        lastSyncedAt: ctx.now(),
      });
    });
    return ctx.store.getMapByNotionId(ds.id) ?? null;
  }

  /** Notion moved or renamed a node: move its file and its children's folder with it. */
  private async moveNode(current: MapRow, target: string): Promise<void> {
    const { ctx } = this;
    const from = current.path;
    this.report({ action: 'move', path: target, from, notionId: current.notionId });
    const oldDir = childDir(current);
    const newDir = childDir({ path: target, notionType: current.notionType });
    const media = mediaMove(from, target);
    if (!ctx.dryRun) {
      await this.moveOnDisk(from, target, oldDir, newDir);
      if (current.notionType === 'page') await this.moveOnDisk(media.from, media.to, media.from, media.to);
    } else {
      ctx.preview?.move(from, target);
      if (oldDir !== from) ctx.preview?.move(oldDir, newDir);
    }
    ctx.store.transaction(() => {
      ctx.store.upsertMap({ localId: current.localId, path: target });
      ctx.store.moveMediaPaths(media.from, media.to);
      ctx.store.moveMediaPaths(oldDir, newDir);
      const prefix = `${oldDir}/`;
      for (const m of ctx.store.listMaps()) {
        if (m.path.startsWith(prefix)) ctx.store.upsertMap({ localId: m.localId, path: `${newDir}/${m.path.slice(prefix.length)}` });
      }
      ctx.store.appendLog({ level: 'info', operation: 'move', notionId: current.notionId, localId: current.localId, message: `moved ${from} → ${target}` });
    });
  }

  private async moveOnDisk(from: string, target: string, oldDir: string, newDir: string): Promise<void> {
    const root = this.ctx.workspace;
    await makeWorkspaceDir(root, path.posix.dirname(target));
    if ((await workspaceEntryExists(root, from)) && !(await workspaceEntryExists(root, target))) await renameInWorkspace(root, from, target);
    if (oldDir !== from && (await workspaceEntryExists(root, oldDir)) && !(await workspaceEntryExists(root, newDir))) {
      await renameInWorkspace(root, oldDir, newDir);
    }
  }

  /** Soft delete: the file (and its children's folder) goes to the workspace trash, restorable. */
  trashNode(notionId: string, reason: string): Promise<void> {
    return this.tree.exclusive(() => this.trashNodeNow(notionId, reason));
  }

  private async trashNodeNow(notionId: string, reason: string): Promise<void> {
    const { ctx } = this;
    const m = ctx.store.getMapByNotionId(notionId);
    if (!m || m.state === 'trashed') return;
    this.report({ action: 'trash', path: m.path, notionId, detail: reason });
    const moved: string[] = [];
    for (const rel of new Set([m.path, childDir(m), ...(m.notionType === 'page' ? [mediaMove(m.path, m.path).from] : [])])) {
      if (!ctx.dryRun && existsSync(toAbsolute(ctx, rel))) moved.push(await moveToTrash(ctx.workspace, rel, TRASH_DIR));
    }
    ctx.store.transaction(() => {
      const prefix = `${childDir(m)}/`;
      for (const d of ctx.store.listMaps()) {
        if (d.localId !== m.localId && !d.path.startsWith(prefix)) continue;
        ctx.store.setMapState(d.localId, 'trashed', reason);
        // Their copies went to the trash with the files; a restored page downloads them again.
        for (const media of ctx.store.listMedia(d.notionId)) ctx.store.deleteMedia(media.id);
      }
      ctx.store.appendLog({
        level: 'info',
        operation: 'delete',
        notionId,
        localId: m.localId,
        message: `${reason}: ${m.path} moved to ${moved.join(', ') || 'nowhere (file already gone)'}`,
      });
    });
  }

}

/**
 * Child pages and databases that a page body (notionModel) names in `<page>`/`<database>`
 * tags, at any depth (read through the document model, so a database's
 * `data-source-url` is never taken for its `url`).
 */
export function childrenOf(root: Root): { id: string; kind: 'page' | 'database' }[] {
  return childReferences(root).flatMap((c) => {
    const id = c.kind === 'folder' ? null : parseNotionId(c.attrs.url ?? c.attrs.id ?? '');
    return id ? [{ id, kind: c.kind as 'page' | 'database' }] : [];
  });
}

/** The folder a page goes in, and the node (by Notion id) whose folder that is; null for a root. */
interface Placement {
  dir: string;
  rootId: string | null;
  parentKey: string | null;
}

interface Settled {
  live: MapRow | null;
  target: string;
  localId: string;
  rootId: string | null;
}
