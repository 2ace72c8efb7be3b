// The sync engine: one object the extension and the CLI drive. Remote changes
// become durable queue operations (from discovery, webhooks or the user), and
// the queue processor applies them through PageSync under the gateway's limiter.
import path from 'node:path';
import { backupThenWrite } from '../documents/atomicWrite';
import { readWorkspaceText, UnsafePathError, writeWorkspaceFile } from '../documents/workspaceFs';
import { NotionError, NotionNotFoundError } from '../notion/errors';
import { parseNotionId, sameId } from '../notion/ids';
import type { NotionPage, ResolvedRoot } from '../notion/types';
import { BACKUP_DIR, SettingsError } from '../settings';
import type { ConflictRow, JsonObject, QueueRow } from '../store/types';
import type { ChangeRecord, EngineContext } from './context';
import { concurrencyFor } from '../notion/budgetLimiter';
import { discover, LAST_FULL_KEY, wantsFullDiscovery } from './discovery';
import { adoptOrphans } from './adopt';
import { forgetLayoutCache } from './layout';
import { linkFile, unlinkFile } from './links';
import { OperationGate } from './operations';
import { PreviewFiles } from './previewFiles';
import { indexDocuments, type IndexResult } from './documentIndex';
import { PageSync } from './pageSync';
import { createPageFromFile, isNewPageFile } from './create';
import { pushPage, PushRefused } from './push';
import { migrateFileForm, relinkFiles } from './reform';
import { fileHash } from './render';
import type { WebhookOperation } from '../webhook/events';
import { RootSet } from './roots';
import { discardLocalChanges, type DiscardResult } from './discard';
import { resolveWithMergedText } from './resolveMerged';
import { buildStatus, type SyncStatus } from './status';

export interface PullOptions {
  full?: boolean;
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Asked before trashing more files than the threshold; no answer means no. */
  confirmDeletes?: (paths: string[]) => Promise<boolean>;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  phase: 'index' | 'discover' | 'apply';
  done: number;
  total: number;
  message?: string;
}

export interface PullReport {
  dryRun: boolean;
  full: boolean;
  changes: ChangeRecord[];
  processed: number;
  failed: number;
  conflicts: number;
  /** Deletions held back by the mass-delete guard. */
  blockedDeletions: string[];
  index: IndexResult | null;
  ms: number;
}

export interface ProcessResult {
  processed: number;
  failed: number;
}

type Listener = () => void;

const CURSOR_KEY = 'pull.cursor';
const ROOTS_KEY = 'roots.resolved';
const LAST_SUCCESS_KEY = 'status.lastSuccessAt';
const LAST_ERROR_KEY = 'status.lastError';


/** A wait Notion imposes (429/529) from this long on is shown to the user, not just absorbed. */
export const NOTICEABLE_WAIT_MS = 5_000;

export class SyncEngine {
  private progress: Progress | null = null;
  /** Per-run caches (see dropRunCaches): what the running job reported, and page objects fetched moments ago. */
  private readonly changes: ChangeRecord[] = [];
  private readonly snapshots = new Map<string, NotionPage>();
  private readonly pageSync: PageSync;
  private readonly gate: OperationGate;
  private roots: RootSet = new RootSet([]);
  private disposed = false;

  private readonly stopRateWatch: () => void;

  constructor(private readonly ctx: EngineContext) {
    this.pageSync = new PageSync(ctx, () => this.roots, (c) => this.record(c));
    this.gate = new OperationGate(ctx.logger, () => this.dropRunCaches(), (key, fn) => this.pageSync.locked(key, fn));
    ctx.store.recoverInterrupted();
    // A wait Notion imposed (429/529) is part of the status: surfaces re-read it when it starts and ends.
    // Waits shorter than NOTICEABLE_WAIT_MS are ordinary pacing and would only make the views flicker.
    this.stopRateWatch = ctx.gateway.onRateLimitChange((s) => {
      const wait = s.pausedUntil === null ? 0 : s.pausedUntil - Date.now();
      if (wait < NOTICEABLE_WAIT_MS) return;
      this.changed();
      setTimeout(() => this.changed(), wait + 50).unref();
    });
  }

  /** One line per file and run: a file created and then rewritten in the same run (its links resolved) was created. */
  private record(change: ChangeRecord): void {
    if (change.action === 'update' && this.changes.some((c) => c.action === 'create' && c.path === change.path)) return;
    this.changes.push(change);
  }

  /** Caches live for one run: a later job never acts on a page object or a name choice from an earlier (perhaps aborted) one. */
  private dropRunCaches(): void {
    this.changes.length = 0;
    this.snapshots.clear();
    this.pageSync.discovered.clear();
    forgetLayoutCache(this.ctx);
  }

  get store() {
    return this.ctx.store;
  }

  get settings() {
    return this.ctx.settings;
  }

  /** Subscribe to any change of status, queue, conflicts or documents. */
  onDidChange(listener: Listener): () => void {
    return this.gate.onDidChange(listener);
  }

  private changed(): void {
    this.gate.changed();
  }

  get busy(): boolean {
    return this.gate.busy !== null;
  }

  /** Runs a job through the one gate (operations.ts); progress belongs to the job. */
  private async exclusive<T>(kind: Parameters<OperationGate['run']>[0], job: () => Promise<T>, page?: string): Promise<T> {
    try {
      return await this.gate.run(kind, job, page);
    } finally {
      this.progress = null;
    }
  }

  private setProgress(p: Progress, onProgress?: (p: Progress) => void): void {
    this.progress = p;
    onProgress?.(p);
    this.changed();
  }

  /** Resolves configured roots (ids or URLs) once; cached so incremental pulls stay cheap. */
  async resolveRoots(signal?: AbortSignal): Promise<RootSet> {
    const wanted = this.ctx.settings.roots;
    if (wanted.length === 0) {
      throw new SettingsError('no roots configured: add a Notion page or database (setting notionSync.roots, or --root ID_OR_URL)');
    }
    const cache = this.ctx.store.getConfig<Record<string, ResolvedRoot>>(ROOTS_KEY) ?? {};
    const resolved: ResolvedRoot[] = [];
    let dirty = false;
    for (const input of wanted) {
      if (!parseNotionId(input)) throw new SettingsError(`root "${input}" is not a Notion id or URL`);
      let root = cache[input];
      if (!root) {
        root = await this.ctx.gateway.resolveRoot(input, signal);
        cache[input] = root;
        dirty = true;
      }
      resolved.push(root);
    }
    if (dirty) this.ctx.store.setConfig(ROOTS_KEY, cache as unknown as JsonObject);
    this.roots = new RootSet(resolved);
    return this.roots;
  }

  /** Scans the workspace's markdown into binder_documents and notices edits to synced files. */
  indexDocuments(signal?: AbortSignal): Promise<IndexResult> {
    return this.exclusive('indexDocuments', async () => {
      const result = await indexDocuments(this.ctx, signal);
      await this.noticeLocalEdits(result.changedPaths);
      return result;
    });
  }

  /** See adopt.ts: files with a notion_id but no mapping are adopted; two claimants of one page are reported. */
  adoptOrphans(): number {
    return adoptOrphans(this.ctx);
  }

  /**
   * Files edited since we last wrote or verified them: marked modified (publish
   * mode keeps them local), or queued for a push (bidirectional mode).
   */
  async noticeLocalEdits(paths: string[]): Promise<number> {
    const { store } = this.ctx;
    let noticed = 0;
    for (const rel of paths) {
      const map = store.getMapByPath(rel);
      if (!map) {
        const doc = store.getDocumentByPath(rel);
        if (doc && isNewPageFile(this.ctx, rel, doc.frontmatter)) {
          store.enqueue({ operation: 'push', localId: doc.id, source: 'user', payload: { path: rel, create: true } });
          noticed++;
        }
        continue;
      }
      if (map.notionType !== 'page' || map.localHash === null || (map.state !== 'synced' && map.state !== 'modified')) continue;
      const text = await readWorkspaceText(this.ctx.workspace, rel).catch((e: unknown) => {
        if (e instanceof UnsafePathError) return null; // a link: never pushed (the scan reports it)
        throw e;
      });
      if (text === null || fileHash(text) === map.localHash) continue;
      noticed++;
      if (this.ctx.settings.mode === 'bidirectional') store.enqueue({ operation: 'push', notionId: map.notionId, localId: map.localId, source: 'user' });
      else if (map.state !== 'modified') {
        store.setMapState(map.localId, 'modified');
        store.appendLog({ level: 'info', operation: 'edit', notionId: map.notionId, localId: map.localId, message: `edited locally: ${rel}` });
      }
    }
    if (noticed) this.changed();
    return noticed;
  }

  pull(opts: PullOptions = {}): Promise<PullReport> {
    return this.exclusive('pull', () => (opts.dryRun ? this.previewPull(opts) : this.pullLocked(opts)));
  }

  /**
   * Dry run: the very same pull, by a twin engine working on an in-memory copy
   * of the state, whose file writes, moves, trash moves, pushes and creates are
   * reported instead of done. So the plan lists exactly what a pull would do
   * (children of pages not yet pulled included), and nothing is written.
   */
  private async previewPull(opts: PullOptions): Promise<PullReport> {
    const copy = await this.ctx.store.copyInMemory();
    try {
      const twin = new SyncEngine({ ...this.ctx, store: copy, dryRun: true, preview: new PreviewFiles() });
      twin.roots = this.roots;
      const report = await twin.pullLocked({ ...opts, dryRun: false, confirmDeletes: undefined });
      return { ...report, dryRun: true };
    } finally {
      await copy.close();
    }
  }

  private async pullLocked(opts: PullOptions): Promise<PullReport> {
    const started = Date.now();
    const { ctx } = this;
    const dry = ctx.dryRun;
    this.changes.length = 0;
    try {
      this.setProgress({ phase: 'index', done: 0, total: 0, message: 'Scanning workspace' }, opts.onProgress);
      const index = await indexDocuments(ctx, opts.signal);
      this.adoptOrphans();
      // Rewrites files into the current form: a dry run only plans.
      if (!dry) await migrateFileForm(ctx);
      await this.noticeLocalEdits(index.changedPaths);
      const roots = await this.resolveRoots(opts.signal);
      this.setProgress({ phase: 'discover', done: 0, total: 0, message: 'Asking Notion what changed' }, opts.onProgress);
      const cursor = ctx.store.getConfig<string>(CURSOR_KEY);
      const full = wantsFullDiscovery(ctx, opts.full, cursor);
      const found = await discover(ctx, roots, { full, cursor, signal: opts.signal });

      let deletions = found.deletions;
      const blocked: string[] = [];
      if (deletions.length > ctx.settings.deleteThreshold) {
        const paths = deletions.map((d) => d.path);
        const ok = !dry && opts.confirmDeletes ? await opts.confirmDeletes(paths) : false;
        if (!ok) {
          blocked.push(...paths);
          deletions = [];
          ctx.logger.warn(`${paths.length} file(s) would go to the trash (threshold ${ctx.settings.deleteThreshold}); held back until confirmed`);
        }
      }

      let processed = 0;
      let failed = 0;
      ctx.store.transaction(() => {
        for (const c of found.candidates) {
          if (c.snapshot) this.snapshots.set(c.id, c.snapshot);
          // The title lets the Queue view name a page that has no file yet.
          ctx.store.enqueue({ operation: 'update', notionId: c.id, source: 'poll', payload: c.snapshot ? { title: c.snapshot.title } : {} });
        }
        for (const d of deletions) ctx.store.enqueue({ operation: 'delete', notionId: d.notionId, source: 'poll', payload: { confirmed: true } });
      });
      await ctx.store.flush();
      const r = await this.processLocked({ signal: opts.signal, onProgress: opts.onProgress });
      processed += r.processed;
      failed += r.failed;
      // Links can only newly resolve when this run gave pages files (created, moved in or restored):
      // otherwise the pass would read every page's base on every idle poll for nothing.
      if (!dry && this.changes.some((c) => c.action === 'create' || c.action === 'move' || c.action === 'restore')) await relinkFiles(ctx);
      if (found.cursor) ctx.store.setConfig(CURSOR_KEY, found.cursor);
      if (full && failed === 0) ctx.store.setConfig(LAST_FULL_KEY, ctx.now());
      const report: PullReport = {
        dryRun: dry,
        full,
        changes: [...this.changes],
        processed,
        failed,
        conflicts: ctx.store.getUnresolvedConflicts().length,
        blockedDeletions: blocked,
        index,
        ms: Date.now() - started,
      };
      if (failed === 0) ctx.store.setConfig(LAST_SUCCESS_KEY, ctx.now());
      // Housekeeping: the log and the webhook dedupe table only need recent history
      // (Notion retries a delivery for about a day).
      ctx.store.pruneLog(30);
      ctx.store.pruneWebhookEvents(ctx.now() - 7 * 24 * 3600_000);
      ctx.store.cleanupProcessed(7);
      ctx.store.appendLog({
        level: failed ? 'warn' : 'info',
        operation: 'pull',
        message: `pull ${full ? '(full) ' : ''}done: ${report.changes.length} change(s), ${failed} failed, ${report.conflicts} conflict(s)`,
      });
      await ctx.store.flush();
      return report;
    } catch (e) {
      this.recordError(e);
      throw e;
    }
  }

  /** Applies every due queue operation, a few at a time, under the gateway's limiter. */
  processQueue(opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<ProcessResult> {
    return this.exclusive('processQueue', async () => {
      if (this.roots.roots.length === 0) await this.resolveRoots(opts.signal);
      const r = await this.processLocked(opts);
      if (r.processed && !r.failed) this.ctx.store.setConfig(LAST_SUCCESS_KEY, this.ctx.now());
      await this.ctx.store.flush();
      return r;
    });
  }

  private async processLocked(opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void; concurrency?: number }): Promise<ProcessResult> {
    const { store } = this.ctx;
    let processed = 0;
    let failed = 0;
    const total = () => {
      const c = store.queueCounts();
      return processed + c.pending + c.processing;
    };
    const worker = async () => {
      while (!opts.signal?.aborted && !this.disposed) {
        const [row] = store.claimDue(1, this.ctx.now());
        if (!row) return;
        const ok = await this.runOperation(row, opts.signal);
        processed++;
        if (!ok) failed++;
        this.setProgress({ phase: 'apply', done: processed, total: total() }, opts.onProgress);
      }
    };
    // Children found in page bodies that no discovery listed are followed too.
    for (let round = 0; round < 50; round++) {
      await Promise.all(Array.from({ length: opts.concurrency ?? concurrencyFor(this.ctx.settings.requestsPerMinute) }, worker));
      const fresh = [...this.pageSync.discovered].filter(([id]) => !store.getMapByNotionId(id) && !store.getProject(id));
      this.pageSync.discovered.clear();
      if (fresh.length === 0 || opts.signal?.aborted) break;
      store.transaction(() => {
        for (const [id, kind] of fresh) {
          store.enqueue({ operation: kind === 'database' ? 'refresh_project' : 'insert', notionId: id, source: 'engine' });
        }
      });
    }
    return { processed, failed };
  }

  private async runOperation(row: QueueRow, signal?: AbortSignal): Promise<boolean> {
    const { store, gateway } = this.ctx;
    const id = row.notionId;
    try {
      if (this.ctx.dryRun && row.operation === 'push') {
        // A dry run never writes to Notion: the push (or create) is part of the plan.
        const path = typeof row.payload.path === 'string' ? row.payload.path : (id && store.getMapByNotionId(id)?.path) || id || '';
        this.changes.push({ action: 'push', path, notionId: id ?? '', detail: id ? 'local edits to Notion' : 'a new Notion page' });
        store.markSucceeded(row.id);
        return true;
      }
      if (row.operation === 'push' && !id && typeof row.payload.path === 'string') {
        // A new local file: a new page. The intent is durable before the request, so
        // any later attempt (after an error, a crash or a manual retry) first looks
        // for the page an earlier one may have made.
        const firstAttemptAt = typeof row.payload.createAttemptedAt === 'string' ? row.payload.createAttemptedAt : undefined;
        if (!firstAttemptAt) {
          store.patchPayload(row.id, { createAttemptedAt: new Date(this.ctx.now()).toISOString() });
          await store.flush();
        }
        await createPageFromFile(this.ctx, row.payload.path, firstAttemptAt, signal);
        store.markSucceeded(row.id);
        return true;
      }
      if (!id) throw new Error(`operation ${row.id} has no Notion id`);
      switch (row.operation) {
        case 'insert':
        case 'update':
        case 'move':
        case 'restore': {
          const snapshot = this.snapshots.get(id);
          this.snapshots.delete(id);
          const inside = await this.pageSync.refreshPage(id, { snapshot, signal, force: row.source === 'webhook' || row.source === 'user' || row.payload.force === true });
          // A child database named in a page body arrives as a page id that is really a database.
          if (!inside) this.ctx.logger.debug(`${id} is outside every root; ignored`);
          break;
        }
        case 'delete': {
          // A full pull confirmed it moments ago; webhooks are hints: trash only once Notion confirms.
          if (row.payload.confirmed === true) {
            await this.pageSync.trashNode(id, 'moved to the trash in Notion');
            break;
          }
          try {
            const page = await gateway.getPage(id, signal);
            if (page.inTrash) await this.pageSync.trashNode(id, 'moved to the trash in Notion');
            else await this.pageSync.refreshPage(id, { snapshot: page, signal });
          } catch (e) {
            if (e instanceof NotionNotFoundError) await this.pageSync.trashNode(id, 'deleted in Notion');
            else throw e;
          }
          break;
        }
        case 'refresh_project':
          await this.refreshProject(id, signal);
          break;
        case 'push': {
          const outcome = await this.pageSync.locked(id, () => pushPage(this.ctx, id, signal));
          // Notion moved since the base: pull it (merging, or recording a conflict); a clean merge queues a new push.
          if (outcome === 'remote-moved') await this.pageSync.refreshPage(id, { signal, force: true });
          break;
        }
        case 'pull_root':
          throw new NonRetryable(`${row.operation} is not applied by the queue`);
      }
      store.markSucceeded(row.id);
      store.appendLog({ level: 'debug', operation: row.operation, notionId: id, message: `done (${row.source})` });
      return true;
    } catch (e) {
      const err = e as Error;
      const retryable = e instanceof NotionError ? e.retryable : !(e instanceof NonRetryable) && !(e instanceof SettingsError) && !(e instanceof PushRefused) && !(e instanceof UnsafePathError);
      const retryAfterMs = e instanceof NotionError ? e.retryAfterMs : undefined;
      const after = store.markFailed(row.id, err.message, { retryable, retryAfterMs });
      store.appendLog({
        level: 'warn',
        operation: row.operation,
        notionId: id,
        message: `${after?.status === 'dead' ? 'gave up' : 'will retry'}: ${err.message}`,
      });
      this.recordError(e);
      return false;
    }
  }

  /** A database or data source changed: map it and enqueue its rows. */
  private async refreshProject(id: string, signal?: AbortSignal): Promise<void> {
    const { gateway, store } = this.ctx;
    let sources: string[];
    try {
      const db = await gateway.getDatabase(id, signal);
      sources = db.dataSources.map((d) => d.id);
    } catch (e) {
      if (!(e instanceof NotionNotFoundError)) throw e;
      sources = [id];
    }
    for (const ds of sources) {
      const map = await this.pageSync.ensureDataSource(ds, signal);
      if (!map) continue;
      for await (const row of gateway.queryDataSource(ds, { signal })) {
        const known = store.getMapByNotionId(row.id);
        if (known && known.notionLastEditedTime === row.lastEditedTime && known.state === 'synced') continue;
        this.snapshots.set(row.id, row);
        store.enqueue({ operation: 'update', notionId: row.id, source: 'engine', payload: { title: row.title } });
      }
    }
  }

  /** Pull, then apply whatever else is queued (webhook events, retries). */
  async sync(opts: PullOptions = {}): Promise<PullReport> {
    const report = await this.pull(opts);
    if (!opts.dryRun) {
      const r = await this.processQueue({ signal: opts.signal });
      report.processed += r.processed;
      report.failed += r.failed;
    }
    return report;
  }

  findConflict(idOrPath: string): ConflictRow | undefined {
    const all = this.ctx.store.getUnresolvedConflicts();
    const asNumber = Number(idOrPath);
    const norm = idOrPath.replace(/\\/g, '/').replace(/^\.\//, '');
    return all.find((c) => (Number.isInteger(asNumber) && c.id === asNumber) || c.path === norm || (c.notionId !== null && sameId(c.notionId, idOrPath)));
  }

  /**
   * Resolves a conflict. Accepting Notion's version first copies the local file
   * into the backup folder, so the local words stay recoverable; keeping the
   * local version leaves the file alone and marks it modified.
   */
  async resolveConflict(conflictId: number, side: 'notion' | 'local'): Promise<{ path: string; backup: string | null }> {
    return this.exclusive('resolveConflict', async () => {
      const { store } = this.ctx;
      const c = store.getConflict(conflictId);
      if (!c || c.resolvedAt !== null) throw new Error(`no unresolved conflict #${conflictId}`);
      const map = store.getMapByLocalId(c.localId);
      let backup: string | null = null;
      if (side === 'notion') {
        const abs = await backupThenWrite(this.ctx.workspace, c.path, c.remoteContent, BACKUP_DIR);
        backup = abs && path.relative(this.ctx.workspace, abs).split(path.sep).join('/');
        store.transaction(() => {
          store.upsertMap({ localId: c.localId, localHash: c.remoteHash, remoteHash: c.remoteHash, state: 'synced', publishedAt: this.ctx.now(), syncedAt: this.ctx.now(), lastError: null });
          store.setBase(c.localId, c.remoteContent, c.remoteHash);
          store.resolveConflict(c.id, 'accept_remote');
          store.appendLog({ level: 'info', operation: 'resolve', notionId: c.notionId, localId: c.localId, message: `accepted Notion's version of ${c.path}${backup ? `; local copy kept at ${backup}` : ''}` });
        });
      } else {
        const onDisk = await readWorkspaceText(this.ctx.workspace, c.path);
        const text = onDisk ?? c.localContent;
        if (onDisk === null) await writeWorkspaceFile(this.ctx.workspace, c.path, text);
        store.transaction(() => {
          // Notion's version becomes the base: a later Notion edit conflicts again, an unchanged Notion leaves the file be.
          store.upsertMap({ localId: c.localId, remoteHash: c.remoteHash, localHash: map?.localHash ?? c.baseHash, state: 'modified' });
          store.setBase(c.localId, c.remoteContent, c.remoteHash);
          store.resolveConflict(c.id, 'keep_local');
          store.appendLog({ level: 'info', operation: 'resolve', notionId: c.notionId, localId: c.localId, message: `kept the local version of ${c.path}` });
          // Bidirectional: the kept version goes to Notion, over the version just seen there.
          if (this.ctx.settings.mode === 'bidirectional' && c.notionId) {
            store.enqueue({ operation: 'push', notionId: c.notionId, localId: c.localId, source: 'user' });
          }
        });
        if (fileHash(text) === c.remoteHash) store.setMapState(c.localId, 'synced');
      }
      await store.flush();
      return { path: c.path, backup };
    });
  }

  /** Resolves a conflict with text the person merged (no conflict markers left); see resolveMerged.ts. */
  async resolveConflictMerged(conflictId: number, text: string): Promise<{ path: string; backup: string | null }> {
    const c = this.ctx.store.getConflict(conflictId);
    if (!c || c.resolvedAt !== null) throw new Error(`no unresolved conflict #${conflictId}`);
    return this.exclusive('resolveConflict', () => resolveWithMergedText(this.ctx, c, text), c.notionId ?? undefined);
  }

  /**
   * Discard Local Changes: the file goes back to the version last pulled from
   * Notion, its previous text copied to the backup folder first (see discard.ts).
   */
  async discardLocalChanges(localIdOrPath: string): Promise<DiscardResult> {
    const { store } = this.ctx;
    const map = store.getMapByLocalId(localIdOrPath) ?? store.getMapByPath(localIdOrPath);
    if (!map) throw new SettingsError(`${localIdOrPath} is not linked to a Notion page`);
    return this.exclusive('discardLocalChanges', () => discardLocalChanges(this.ctx, map), map.notionId);
  }

  /** Removes the mapping of a file: it stays on disk, no longer synced. Waits for a running refresh of the page. */
  async unlink(localIdOrPath: string): Promise<boolean> {
    const { store } = this.ctx;
    const map = store.getMapByLocalId(localIdOrPath) ?? store.getMapByPath(localIdOrPath);
    if (!map) return false;
    return this.exclusive('unlink', () => unlinkFile(this.ctx, map.localId), map.notionId);
  }

  /** Links a local file to a Notion page: the next pull compares them (a difference is a conflict, never an overwrite). */
  async link(relPath: string, pageIdOrUrl: string): Promise<void> {
    const id = parseNotionId(pageIdOrUrl);
    if (!id) throw new SettingsError(`"${pageIdOrUrl}" is not a Notion page id or URL`);
    await this.exclusive('link', () => linkFile(this.ctx, relPath, id), id);
  }

  enqueueRefresh(notionId: string): void {
    this.gate.runNow('enqueueRefresh', () => this.ctx.store.enqueue({ operation: 'update', notionId, source: 'user' }));
  }

  retryOperation(id: number): void {
    this.gate.runNow('retryOperation', () => this.ctx.store.retryOperation(id));
  }

  retryAllFailed(): number {
    return this.gate.runNow('retryAllFailed', () => this.ctx.store.retryAllFailed());
  }

  removeOperation(id: number): void {
    this.gate.runNow('removeOperation', () => this.ctx.store.removeOperation(id));
  }

  clearProcessed(olderThanDays = 0): number {
    return this.gate.runNow('clearProcessed', () => this.ctx.store.cleanupProcessed(olderThanDays));
  }

  /** A webhook event, queued once per event id (see webhookSink.ts); durable after flush(). */
  acceptWebhookEvent(event: { id: string; type: string }, operation: WebhookOperation | null): 'duplicate' | 'ignored' | 'queued' {
    const { store } = this.ctx;
    return this.gate.runNow('acceptWebhook', () =>
      store.transaction(() => {
        if (!store.recordWebhookEvent(event.id, event.type, this.ctx.now())) return 'duplicate' as const;
        if (!operation) return 'ignored' as const;
        store.enqueue({ operation: operation.operation, notionId: operation.notionId, payload: { ...operation.payload }, source: 'webhook' });
        store.appendLog({ level: 'info', operation: operation.operation, notionId: operation.notionId, message: `webhook ${event.type} queued` });
        return 'queued' as const;
      }),
    );
  }

  /** Writes pending state to disk now. */
  flush(): Promise<void> {
    return this.ctx.store.flush();
  }

  getSyncStatus(): SyncStatus {
    return buildStatus(this.ctx.store, {
      running: this.gate.busy !== null,
      progress: this.progress,
      lastSuccessAt: this.ctx.store.getConfig<number>(LAST_SUCCESS_KEY) ?? null,
      lastError: this.ctx.store.getConfig<string>(LAST_ERROR_KEY) ?? null,
      rateLimit: this.ctx.gateway.rateLimit,
    });
  }

  private recordError(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    try {
      this.ctx.store.setConfig(LAST_ERROR_KEY, `${new Date(this.ctx.now()).toISOString()} ${message}`);
    } catch {
      // the store may be closing; the error is logged by the caller anyway
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopRateWatch();
    await this.gate.idle();
    this.gate.dispose();
  }
}

class NonRetryable extends Error {}
