// Applies the queue: workers claim due operations and run each through PageSync
// (pull a page, trash it, map a database), push.ts or create.ts. One operation's
// failure is recorded on its row (retry with backoff, or dead letter) and never
// stops the others.
import { UnsafePathError } from '../documents/workspaceFs';
import { concurrencyFor } from '../notion/budgetLimiter';
import { NotionError, NotionNotFoundError } from '../notion/errors';
import type { NotionPage } from '../notion/types';
import { SettingsError } from '../settings';
import type { QueueRow } from '../store/types';
import type { ChangeRecord, EngineContext } from './context';
import { createPageFromFile, parentForNewFile } from './create';
import { drainQueue } from './drain';
import type { PageSync } from './pageSync';
import { pushPage, PushRefused } from './push';
import type { RunTally } from './runTally';
import type { Progress } from './status';
import { queueWaitingLinks } from './waitingLinks';

export interface ProcessResult {
  processed: number;
  failed: number;
}

export interface ProcessOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  concurrency?: number;
}

/** What the runner shares with the engine for one job. */
export interface RunnerHooks {
  pageSync: PageSync;
  /** Page objects discovery fetched moments ago (per-run cache); each is used once. */
  snapshots: Map<string, NotionPage>;
  report: (change: ChangeRecord) => void;
  progress: (p: Progress, onProgress?: (p: Progress) => void) => void;
  stopped: () => boolean;
  recordError: (e: unknown) => void;
}

export class NonRetryable extends Error {}

export class QueueRunner {
  /** Pages pulled to a file for the first time in the current round. */
  private readonly newPages = new Set<string>();
  /** Pushes queued in the current round because a page created from a file is now a link's target. */
  private waiting = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly hooks: RunnerHooks,
  ) {}

  /**
   * Runs every due operation, a few at a time (see drain.ts), then follows children
   * found in page bodies that no discovery listed, and pushes again pages whose
   * links to a new page went as text (waitingLinks.ts). Each operation is tried at
   * most once per run (runTally.ts): a failure waits for its backoff and the next run.
   */
  async processAll(opts: ProcessOptions, tally: RunTally): Promise<ProcessResult> {
    const { store } = this.ctx;
    const { pageSync } = this.hooks;
    for (let round = 0; round < 50; round++) {
      await drainQueue({
        claim: () => store.claimDue(1, this.ctx.now(), tally.skip())[0],
        run: (row) => this.runOperation(row, opts.signal),
        concurrency: opts.concurrency ?? concurrencyFor(this.ctx.settings.requestsPerMinute),
        stopped: () => opts.signal?.aborted === true || this.hooks.stopped(),
        onDone: (ok, row) => {
          tally.finish(row.id, ok);
          this.hooks.progress({ phase: 'apply', ...tally.progress(store, this.ctx.now()) }, opts.onProgress);
        },
      });
      const fresh = [...pageSync.discovered].filter(([id]) => !store.getMapByNotionId(id) && !store.getProject(id));
      pageSync.discovered.clear();
      const waiting = this.waiting + (opts.signal?.aborted ? 0 : await queueWaitingLinks(this.ctx, this.newPages));
      this.newPages.clear();
      this.waiting = 0;
      if ((fresh.length === 0 && waiting === 0) || opts.signal?.aborted) break;
      store.transaction(() => {
        for (const [id, kind] of fresh) store.enqueue({ operation: kind === 'database' ? 'refresh_project' : 'insert', notionId: id, source: 'engine' });
      });
    }
    return { processed: tally.processed, failed: tally.failed };
  }

  /** One queue row, start to end: applied and marked done, or its failure recorded. */
  private async runOperation(row: QueueRow, signal?: AbortSignal): Promise<boolean> {
    const { store } = this.ctx;
    try {
      await this.apply(row, signal);
      store.markSucceeded(row.id);
      if (row.notionId) store.appendLog({ level: 'debug', operation: row.operation, notionId: row.notionId, message: `done (${row.source})` });
      return true;
    } catch (e) {
      this.recordFailure(row, e);
      return false;
    }
  }

  private async apply(row: QueueRow, signal?: AbortSignal): Promise<void> {
    const id = row.notionId;
    if (this.ctx.dryRun && row.operation === 'push') return this.planPush(row);
    if (row.operation === 'push' && !id && typeof row.payload.path === 'string') return this.createPage(row, row.payload.path, signal);
    if (!id) throw new Error(`operation ${row.id} has no Notion id`);
    const { pageSync } = this.hooks;
    switch (row.operation) {
      case 'insert':
      case 'update':
      case 'move':
      case 'restore':
        return this.refresh(row, id, signal);
      case 'delete':
        return this.deleteNode(id, row.payload.confirmed === true, signal);
      case 'refresh_project':
        return this.refreshProject(id, signal);
      case 'push': {
        const outcome = await pageSync.locked(id, () => pushPage(this.ctx, id, signal));
        // The run's report says what went to Notion, as it says what came from it.
        if (outcome === 'pushed') this.hooks.report({ action: 'push', path: this.ctx.store.getMapByNotionId(id)?.path ?? id, notionId: id, detail: 'local edits to Notion' });
        // Notion moved since the base: pull it (merging, or recording a conflict); a clean merge queues a new push.
        if (outcome === 'remote-moved') await pageSync.refreshPage(id, { signal, force: true });
        return;
      }
      case 'pull_root':
        throw new NonRetryable(`${row.operation} is not applied by the queue`);
    }
  }

  /** A dry run never writes to Notion: the push (or create) is part of the plan. */
  private planPush(row: QueueRow): void {
    const id = row.notionId;
    const path = typeof row.payload.path === 'string' ? row.payload.path : (id && this.ctx.store.getMapByNotionId(id)?.path) || id || '';
    this.hooks.report({ action: 'push', path, notionId: id ?? '', detail: id ? 'local edits to Notion' : 'a new Notion page' });
  }

  /**
   * A new local file becomes a new page. The intent is durable before the request,
   * so any later attempt (after an error, a crash or a manual retry) first looks
   * for the page an earlier one may have made.
   */
  private async createPage(row: QueueRow, relPath: string, signal?: AbortSignal): Promise<void> {
    const { store } = this.ctx;
    const firstAttemptAt = typeof row.payload.createAttemptedAt === 'string' ? row.payload.createAttemptedAt : undefined;
    if (!firstAttemptAt) {
      store.patchPayload(row.id, { createAttemptedAt: new Date(this.ctx.now()).toISOString() });
      await store.flush();
    }
    // Under the parent's lock: the new page changes the parent's text in Notion, which a push of the
    // parent in flight would otherwise take into its base unseen (and its next push would remove).
    // Pages whose links to it went as text are marked edited before the parent's refresh can run.
    const owner = parentForNewFile(this.ctx, relPath)?.notionId;
    const create = async () => {
      const id = await createPageFromFile(this.ctx, relPath, firstAttemptAt, signal);
      this.hooks.report({ action: 'push', path: relPath, notionId: id, detail: 'a new Notion page' });
      this.waiting += await queueWaitingLinks(this.ctx, new Set([id]));
    };
    await (owner ? this.hooks.pageSync.locked(owner, create) : create());
  }

  private async refresh(row: QueueRow, id: string, signal?: AbortSignal): Promise<void> {
    const snapshot = this.hooks.snapshots.get(id);
    this.hooks.snapshots.delete(id);
    const force = row.source === 'webhook' || row.source === 'user' || row.payload.force === true;
    const known = this.ctx.store.getMapByNotionId(id)?.state === 'synced';
    const inside = await this.hooks.pageSync.refreshPage(id, { snapshot, signal, force });
    if (!known && this.ctx.store.getMapByNotionId(id)?.state === 'synced') this.newPages.add(id);
    // A child database named in a page body arrives as a page id that is really a database.
    if (!inside) this.ctx.logger.debug(`${id} is outside every root; ignored`);
  }

  /** A full pull confirmed it moments ago; webhooks are hints: trash only once Notion confirms. */
  private async deleteNode(id: string, confirmed: boolean, signal?: AbortSignal): Promise<void> {
    const { pageSync } = this.hooks;
    if (confirmed) return pageSync.trashNode(id, 'moved to the trash in Notion');
    try {
      const page = await this.ctx.gateway.getPage(id, signal);
      if (page.inTrash) await pageSync.trashNode(id, 'moved to the trash in Notion');
      else await pageSync.refreshPage(id, { snapshot: page, signal });
    } catch (e) {
      if (e instanceof NotionNotFoundError) await pageSync.trashNode(id, 'deleted in Notion');
      else throw e;
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
      const map = await this.hooks.pageSync.ensureDataSource(ds, signal);
      if (!map) continue;
      for await (const row of gateway.queryDataSource(ds, { signal })) {
        const known = store.getMapByNotionId(row.id);
        if (known && known.notionLastEditedTime === row.lastEditedTime && known.state === 'synced') continue;
        this.hooks.snapshots.set(row.id, row);
        store.enqueue({ operation: 'update', notionId: row.id, source: 'engine', payload: { title: row.title } });
      }
    }
  }

  private recordFailure(row: QueueRow, e: unknown): void {
    const { store } = this.ctx;
    const err = e as Error;
    const retryable = e instanceof NotionError ? e.retryable : !(e instanceof NonRetryable) && !(e instanceof SettingsError) && !(e instanceof PushRefused) && !(e instanceof UnsafePathError);
    const retryAfterMs = e instanceof NotionError ? e.retryAfterMs : undefined;
    const after = store.markFailed(row.id, err.message, { retryable, retryAfterMs });
    store.appendLog({ level: 'warn', operation: row.operation, notionId: row.notionId, message: `${after?.status === 'dead' ? 'gave up' : 'will retry'}: ${err.message}` });
    this.hooks.recordError(e);
  }
}
