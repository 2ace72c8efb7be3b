// The sync engine: one object the extension and the CLI drive. Remote changes
// become durable queue operations (from discovery, webhooks or the user), and
// the queue runner applies them through PageSync under the gateway's limiter.
// Every public mutator goes through the one gate (operations.ts).
import { parseNotionId } from '../notion/ids';
import type { NotionGateway } from '../notion/gateway';
import type { NotionPage } from '../notion/types';
import { SettingsError } from '../settings';
import type { ConflictRow } from '../store/types';
import type { ChangeRecord, EngineContext } from './context';
import { discover, LAST_FULL_KEY, wantsFullDiscovery } from './discovery';
import { adoptOrphans } from './adopt';
import { forgetAnchors } from './anchors';
import { forgetLayoutCache } from './layout';
import { linkFile, unlinkFile } from './links';
import { noticeLocalEdits } from './localEdits';
import { restoreDeletedFiles } from './localDeletes';
import { noticeMediaEdits } from './mediaEdits';
import { OperationGate } from './operations';
import { PreviewFiles } from './previewFiles';
import { indexDocuments, type IndexResult } from './documentIndex';
import { PageSync } from './pageSync';
import { CURSOR_KEY, enqueueFound, finishPull, guardMassDelete, type PullReport } from './pullSteps';
import { QueueRunner, type ProcessOptions, type ProcessResult } from './queueRunner';
import { followMoves, PathHistory } from './followMoves';
import { relinkFiles, upgradeFiles } from './reform';
import type { WebhookOperation } from '../webhook/events';
import { CHECKPOINT_DELAY_MS } from './webhookJournal';
import { resolveRoots, RootSet } from './roots';
import { discardLocalChanges, type DiscardResult } from './discard';
import { resolveBySide, type Resolved } from './resolve';
import { resolveWithMergedText } from './resolveMerged';
import { LAST_ERROR_KEY, LAST_SUCCESS_KEY, type LiveStatus, type Progress, type SyncStatus } from './status';
import { ChangeFeed, type ChangeListener } from './changes';
import { ReadModel } from './readModel';
import { RunTally } from './runTally';
import { SavedEdits } from './savedEdits';

export type { Progress } from './status';
export type { PullReport } from './pullSteps';
export type { ProcessResult } from './queueRunner';

export interface PullOptions {
  full?: boolean;
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Asked before trashing more files than the threshold; no answer means no. */
  confirmDeletes?: (paths: string[]) => Promise<boolean>;
  onProgress?: (p: Progress) => void;
}

/** A wait Notion imposes (429/529) from this long on is shown to the user, not just absorbed. */
export const NOTICEABLE_WAIT_MS = 5_000;

export class SyncEngine {
  private progress: Progress | null = null;
  /** Paths held during the running job, so links to moved files can follow (followMoves.ts). */
  private paths: PathHistory | null = null;
  /** Per-run caches (see dropRunCaches): what the running job reported, and page objects fetched moments ago. */
  private readonly changes: ChangeRecord[] = [];
  private readonly snapshots = new Map<string, NotionPage>();
  private readonly pageSync: PageSync;
  private readonly runner: QueueRunner;
  private readonly gate: OperationGate;
  private roots: RootSet = new RootSet([]);
  private disposed = false;
  private readonly feed: ChangeFeed;
  private readonly saved: SavedEdits;
  /** The typed, read-only view of the engine's state that providers and the CLI use (readModel.ts). */
  readonly read: ReadModel;

  private stopRateWatch: () => void = () => {};

  constructor(private readonly ctx: EngineContext) {
    this.pageSync = new PageSync(ctx, () => this.roots, (c) => this.record(c));
    this.runner = new QueueRunner(ctx, {
      pageSync: this.pageSync,
      snapshots: this.snapshots,
      report: (c) => this.changes.push(c),
      progress: (p, onProgress) => this.setProgress(p, onProgress),
      stopped: () => this.disposed,
      recordError: (e) => this.recordError(e),
    });
    this.gate = new OperationGate(ctx.logger, () => this.dropRunCaches(), (key, fn) => this.pageSync.locked(key, fn));
    this.feed = new ChangeFeed(ctx.store, (e) => ctx.logger.error(e instanceof Error ? e : String(e)));
    this.saved = new SavedEdits(ctx.store);
    this.read = new ReadModel(ctx.store, this.feed, this.saved, () => this.liveStatus());
    // Job start and end, progress: the live part of the status.
    this.gate.onDidChange(() => this.feed.note('status'));
    ctx.store.recoverInterrupted();
    // The gateway is built on first use (connection.ts): an offline command never builds one.
    if (ctx.connection) ctx.connection.whenBuilt((g) => this.watchRateLimit(g));
    else this.watchRateLimit(ctx.gateway);
  }

  /**
   * A wait Notion imposed (429/529) is part of the status: surfaces re-read it when it starts and ends.
   * Waits shorter than NOTICEABLE_WAIT_MS are ordinary pacing and would only make the views flicker.
   */
  private watchRateLimit(gateway: NotionGateway): void {
    if (this.disposed) return;
    this.stopRateWatch = gateway.onRateLimitChange((s) => {
      const wait = s.pausedUntil === null ? 0 : s.pausedUntil - Date.now();
      if (wait < NOTICEABLE_WAIT_MS) return;
      this.changed();
      setTimeout(() => this.changed(), wait + 50).unref();
    });
  }

  /** One line per file and run: a file created (or updated) and then rewritten in the same run (links resolved or followed) reads "create" ("update"); a conflict found by the pull and again by a push that re-read the page is one line. */
  private record(change: ChangeRecord): void {
    if (change.action === 'move' && change.from) this.paths?.note(change.notionId, change.from);
    if (this.changes.some((c) => c.path === change.path && (c.action === change.action || (change.action === 'update' && c.action === 'create')))) return;
    this.changes.push(change);
  }

  /** Caches live for one run: a later job never acts on a page object or a name choice from an earlier (perhaps aborted) one. */
  /** Starts noting every path a node holds during this run (moves are reported through record()). */
  private trackPaths(): PathHistory {
    this.paths = new PathHistory(this.ctx);
    return this.paths;
  }

  /** After a run: links follow the files it moved, and Notion links to pages that got files become relative. */
  private async relink(history: PathHistory): Promise<void> {
    this.paths = null;
    if (this.ctx.dryRun) return;
    await followMoves(this.ctx, history, (c) => this.record(c));
    // Links can only newly resolve when this run gave pages files (created, moved in or restored):
    // otherwise the pass would read every page's base on every idle poll for nothing.
    if (this.changes.some((c) => c.action === 'create' || c.action === 'move' || c.action === 'restore')) await relinkFiles(this.ctx);
  }

  private dropRunCaches(): void {
    this.changes.length = 0;
    this.snapshots.clear();
    this.pageSync.discovered.clear();
    forgetLayoutCache(this.ctx);
    forgetAnchors(this.ctx);
  }

  get settings() {
    return this.ctx.settings;
  }

  /** Typed change events (changes.ts): documents, queue, conflicts, status. */
  onDidChange(listener: ChangeListener): () => void {
    return this.read.onDidChange(listener);
  }

  /**
   * The editor saw `rel` saved with `text`: until the engine compares the file,
   * it shows as modified everywhere (savedEdits.ts). Touches no file and no state.
   */
  noteSaved(rel: string, text: string): void {
    if (this.saved.note(rel, text)) this.feed.note('documents');
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
      // The state behind the job's announced file writes is flushed, and the announcements dropped (writeIntent.ts).
      await this.ctx.writeIntents?.settle(() => this.flush()).catch((e: unknown) => this.ctx.logger.warn(`write journal checkpoint failed; will retry: ${String(e)}`));
    }
  }

  private setProgress(p: Progress, onProgress?: (p: Progress) => void): void {
    this.progress = p;
    onProgress?.(p);
    this.changed();
  }

  /** Resolves configured roots (ids or URLs) once; cached so incremental pulls stay cheap. */
  async resolveRoots(signal?: AbortSignal): Promise<RootSet> {
    this.roots = await resolveRoots(this.ctx, signal);
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

  /** Files edited since we last wrote or verified them (localEdits.ts). */
  async noticeLocalEdits(paths: string[]): Promise<number> {
    // Media files are no markdown: every scan checks the ones binder_resources knows (mediaEdits.ts).
    const noticed = (await noticeLocalEdits(this.ctx, paths)) + (await noticeMediaEdits(this.ctx));
    if (noticed) this.changed();
    return noticed;
  }

  pull(opts: PullOptions = {}, tally = new RunTally()): Promise<PullReport> {
    return this.exclusive('pull', () => (opts.dryRun ? this.previewPull(opts) : this.pullLocked(opts, tally)));
  }

  /**
   * Dry run: the very same pull, by a twin engine working on an in-memory copy
   * of the state, whose file writes, moves, trash moves, pushes and creates are
   * reported instead of done. So the plan lists exactly what a pull would do
   * (children of pages not yet pulled included), and nothing is written.
   */
  private async previewPull(opts: PullOptions): Promise<PullReport> {
    // The twin shares the gateway (a dry run asks Notion like a pull): copying the context builds it.
    const shared = { ...this.ctx };
    const copy = await this.ctx.store.copyInMemory();
    // Without the journals: the twin's checkpoints would flush the copy and empty the real engine's files.
    const twin = new SyncEngine({ ...shared, store: copy, dryRun: true, preview: new PreviewFiles(), webhookJournal: undefined, writeIntents: undefined });
    try {
      twin.roots = this.roots;
      const report = await twin.pullLocked({ ...opts, dryRun: false, confirmDeletes: undefined }, new RunTally());
      return { ...report, dryRun: true };
    } finally {
      await twin.dispose();
      await copy.close();
    }
  }

  private async pullLocked(opts: PullOptions, tally: RunTally): Promise<PullReport> {
    const started = Date.now();
    const { ctx } = this;
    this.changes.length = 0;
    try {
      this.setProgress({ phase: 'index', done: 0, total: 0, message: 'Scanning workspace' }, opts.onProgress);
      const index = await indexDocuments(ctx, opts.signal);
      // Before local renames are followed: links to the old paths are rewritten after the run.
      const before = this.trackPaths();
      this.adoptOrphans();
      before.noteAll();
      // Rewrites files into the current form: a dry run only plans.
      if (!ctx.dryRun) await upgradeFiles(ctx);
      await this.noticeLocalEdits(index.changedPaths);
      await restoreDeletedFiles(ctx);
      const roots = await this.resolveRoots(opts.signal);
      this.setProgress({ phase: 'discover', done: 0, total: 0, message: 'Asking Notion what changed' }, opts.onProgress);
      const cursor = ctx.store.getConfig<string>(CURSOR_KEY);
      const full = wantsFullDiscovery(ctx, opts.full, cursor);
      const found = await discover(ctx, roots, { full, cursor, signal: opts.signal });
      const { deletions, blocked } = await guardMassDelete(ctx, found.deletions, opts.confirmDeletes);
      await enqueueFound(ctx, found, deletions, this.snapshots);
      const { processed, failed } = await this.runner.processAll({ signal: opts.signal, onProgress: opts.onProgress }, tally);
      await this.relink(before);
      if (found.cursor) ctx.store.setConfig(CURSOR_KEY, found.cursor);
      if (full && failed === 0) ctx.store.setConfig(LAST_FULL_KEY, ctx.now());
      const conflicts = ctx.store.getUnresolvedConflicts().length;
      const report: PullReport = { dryRun: ctx.dryRun, full, changes: [...this.changes], processed, failed, conflicts, blockedDeletions: blocked, index, ms: Date.now() - started };
      await finishPull(ctx, report);
      return report;
    } catch (e) {
      this.recordError(e);
      throw e;
    }
  }

  /** Applies every due queue operation, a few at a time, under the gateway's limiter (queueRunner.ts). */
  processQueue(opts: ProcessOptions = {}, tally = new RunTally()): Promise<ProcessResult> {
    return this.exclusive('processQueue', async () => {
      if (this.roots.roots.length === 0) await this.resolveRoots(opts.signal);
      const before = this.trackPaths();
      const r = await this.runner.processAll(opts, tally);
      await this.relink(before);
      if (r.processed && !r.failed) this.ctx.store.setConfig(LAST_SUCCESS_KEY, this.ctx.now());
      await this.ctx.store.flush();
      return r;
    });
  }

  /** Pull, then apply whatever else is queued (webhook events, retries). */
  async sync(opts: PullOptions = {}): Promise<PullReport> {
    // One tally for both jobs: an operation the pull tried is not tried (or counted) again by the queue run.
    const tally = new RunTally();
    const report = await this.pull(opts, tally);
    if (!opts.dryRun) {
      const r = await this.processQueue({ signal: opts.signal }, tally);
      report.processed = r.processed;
      report.failed = r.failed;
    }
    return report;
  }

  findConflict(idOrPath: string): ConflictRow | undefined {
    return this.read.findConflict(idOrPath);
  }

  /** Resolves a conflict by picking a side (resolve.ts): Notion's version (the local text backed up first) or the local one. */
  async resolveConflict(conflictId: number, side: 'notion' | 'local'): Promise<Resolved> {
    return this.exclusive('resolveConflict', async () => {
      const c = this.ctx.store.getConflict(conflictId);
      if (!c || c.resolvedAt !== null) throw new Error(`no unresolved conflict #${conflictId}`);
      return resolveBySide(this.ctx, c, side);
    });
  }

  /** Resolves a conflict with text the person merged (no conflict markers left); see resolveMerged.ts. */
  async resolveConflictMerged(conflictId: number, text: string): Promise<Resolved> {
    const c = this.ctx.store.getConflict(conflictId);
    if (!c || c.resolvedAt !== null) throw new Error(`no unresolved conflict #${conflictId}`);
    return this.exclusive('resolveConflict', () => resolveWithMergedText(this.ctx, c, text), c.notionId ?? undefined);
  }

  /** Discard Local Changes: the file goes back to the version last pulled from Notion, its text backed up first (discard.ts). */
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

  /** Queues a fresh pull of one page, or of a database's rows. */
  enqueueRefresh(notionId: string): void {
    const { store } = this.ctx;
    const isPage = (store.getMapByNotionId(notionId)?.notionType ?? 'page') === 'page';
    this.gate.runNow('enqueueRefresh', () => store.enqueue({ operation: isPage ? 'update' : 'refresh_project', notionId, source: 'user' }));
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

  /**
   * A webhook event, durably: queued, then in the journal (or, without one, the
   * database flushed) before this resolves and the delivery is acknowledged.
   */
  async acceptWebhookDurably(event: { id: string; type: string }, operation: WebhookOperation | null): Promise<'duplicate' | 'ignored' | 'queued'> {
    const result = this.acceptWebhookEvent(event, operation);
    const journal = this.ctx.webhookJournal;
    if (!journal) {
      await this.flush();
      return result;
    }
    // A duplicate is journaled too: its first delivery's record may still be on its way to disk.
    await journal.append({ event: { id: event.id, type: event.type }, operation });
    journal.scheduleCheckpoint(() => this.flush(), CHECKPOINT_DELAY_MS, (e) => this.ctx.logger.warn(`webhook journal checkpoint failed; will retry: ${String(e)}`));
    return result;
  }

  /** Queues the events of a journal left by a crash (dedupe skips those the database has), then empties it. */
  async replayWebhookJournal(): Promise<number> {
    const journal = this.ctx.webhookJournal;
    if (!journal) return 0;
    let queued = 0;
    for (const r of await journal.read()) if (this.acceptWebhookEvent(r.event, r.operation) === 'queued') queued++;
    if (queued) this.ctx.logger.info(`${queued} webhook event(s) acknowledged before an interruption were queued from the journal`);
    await journal.checkpoint(() => this.flush());
    return queued;
  }

  /** Writes pending state to disk now. */
  flush(): Promise<void> {
    return this.ctx.store.flush();
  }

  getSyncStatus(): SyncStatus {
    return this.read.status();
  }

  private liveStatus(): LiveStatus {
    return {
      running: this.gate.busy !== null,
      progress: this.progress,
      lastSuccessAt: this.ctx.store.getConfig<number>(LAST_SUCCESS_KEY) ?? null,
      lastError: this.ctx.store.getConfig<string>(LAST_ERROR_KEY) ?? null,
      // Read without building the gateway: status is an offline command.
      rateLimit: (this.ctx.connection ? this.ctx.connection.built : this.ctx.gateway)?.rateLimit,
    };
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
    const journal = this.ctx.webhookJournal;
    journal?.cancelCheckpoint();
    await journal?.checkpoint(() => this.flush());
    await this.ctx.writeIntents?.settle(() => this.flush());
    this.feed.dispose();
  }
}
