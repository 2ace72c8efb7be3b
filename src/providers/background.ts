// Work nobody clicked for, in VS Code: the shared scheduler (src/sync/scheduler.ts,
// also behind `notion-sync webhook`) decides when the poll and the queue run;
// this says what came of them. Failures go to the log and the status bar, not to
// notifications, except news a person must act on (conflicts, held-back deletions).
import * as vscode from 'vscode';
import type { PullReport } from '../sync/engine/engine';
import { SyncScheduler } from '../sync/scheduler';
import type { Logger } from '../sync/logger';
import type { EngineHost } from './engineHost';
import { isCancellation } from './errorAdvice';
import { changeLines, deletionsNoticeText, summariseReport } from './reportText';
import { StandingNotice } from './standingNotice';

export class BackgroundSync implements vscode.Disposable {
  /** The shared scheduler (src/sync/scheduler.ts), one per opened engine. */
  private scheduler: SyncScheduler | undefined;
  /** When the earliest failed operation's backoff ends: a run tries each operation once, so retries need their own run. */
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt = Number.POSITIVE_INFINITY;
  private knownConflicts = 0;
  /** The held-back deletions last warned about, so each poll does not warn again. */
  private readonly deletions = new StandingNotice();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly host: EngineHost,
    private readonly logger: Logger,
    private readonly onReport: (report: PullReport) => void,
    /** Conflicts grew with nobody told (a poll, a webhook): the standing conflict notice shows them. */
    private readonly onConflictsGrew: () => void,
  ) {
    this.subscription = vscode.Disposable.from(
      host.onDidChangeEngine(() => this.reschedule()),
      host.onDidChange((c) => c.queue && this.scheduleRetry()),
    );
    this.reschedule();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = Number.POSITIVE_INFINITY;
  }

  private reschedule(): void {
    this.clearRetry();
    this.scheduler?.stop();
    this.scheduler = undefined;
    const engine = this.host.engine;
    if (!engine) return;
    this.knownConflicts = engine.read.conflicts().length;
    this.scheduler = new SyncScheduler(engine, {
      pollIntervalSeconds: engine.settings.pollIntervalSeconds,
      signal: () => this.host.signal,
      onPolled: (report) => this.polled(report),
      onProcessed: () => this.noteConflicts(engine.read.conflicts().length, true),
      onError: (what, e) => {
        if (isCancellation(e)) return;
        const message = e instanceof Error ? e.message : String(e);
        this.logger.warn(what === 'poll' ? `[Poll] background sync failed: ${message}` : `[Queue] processing failed: ${message}`);
      },
    });
  }

  /** An incremental sync now, unless one is already running. */
  async poll(): Promise<void> {
    await this.scheduler?.poll();
  }

  private polled(report: PullReport): void {
    // A poll that changed files says which, like a sync a person started.
    for (const line of changeLines(report)) this.logger.info(`[Poll] ${line}`);
    if (report.changes.length || report.failed || report.conflicts) this.logger.info(`[Poll] ${summariseReport(report)} (${report.ms} ms)`);
    this.onReport(report);
    this.afterReport(report);
  }

  /** Applies queued operations shortly (coalescing bursts of webhook events). */
  processSoon(delayMs?: number): void {
    this.scheduler?.processSoon(delayMs);
  }

  /** Runs the queue when the earliest failed operation is due again, not only at the next poll. */
  private scheduleRetry(): void {
    const next = this.host.engine?.read.queue({ status: 'error', limit: 1 })[0]?.nextAttemptAt;
    if (next === undefined || next >= this.retryAt) return;
    this.clearRetry();
    this.retryAt = next;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.retryAt = Number.POSITIVE_INFINITY;
        this.scheduler?.processSoon(0);
      },
      Math.max(1_000, next - Date.now()),
    );
  }

  /** Called after a background sync, so the conflict count and the held-back deletions stay current. */
  afterReport(report: PullReport): void {
    this.noteConflicts(report.conflicts, true);
    this.noteDeletions(report);
  }

  /**
   * Deletions held back (more than notionSync.deleteThreshold) stand in a notice
   * until a sync holds none back (the person confirmed them with Pull, or Notion
   * restored the pages): said once per set, and never left on screen after.
   */
  noteDeletions(report: PullReport): void {
    const blocked = [...report.blockedDeletions].sort();
    if (blocked.length === 0) return this.deletions.close();
    if (this.deletions.key === blocked.join('\n')) return;
    this.deletions.show(blocked.join('\n'), deletionsNoticeText(blocked));
  }

  /** The held-back deletions notice on screen (tests read it). */
  get deletionsNotice(): string | undefined {
    return this.deletions.message;
  }

  /** Remembers the conflict count; tells the person when it grew (unless a command already says so). */
  noteConflicts(count: number, notify: boolean): void {
    const grew = count > this.knownConflicts;
    this.knownConflicts = count;
    if (grew && notify) this.onConflictsGrew();
  }

  dispose(): void {
    this.clearRetry();
    this.scheduler?.stop();
    this.subscription.dispose();
    this.deletions.dispose();
  }
}
