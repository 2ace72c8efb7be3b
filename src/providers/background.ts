// Work nobody clicked for: the periodic incremental poll (Notion is the source
// of truth; webhooks only hint), and applying queued operations soon after a
// webhook or a retry. Failures go to the log and the status bar, not to
// notifications, except news a person must act on (conflicts, held-back deletions).
import * as vscode from 'vscode';
import type { PullReport } from '../sync/engine/engine';
import type { Logger } from '../sync/logger';
import { COMMANDS, VIEWS } from './constants';
import type { EngineHost } from './engineHost';
import { isCancellation } from './errorAdvice';
import { changeLines, summariseReport } from './reportText';
import { plural } from './time';

/** First poll after the engine opens: late enough not to slow the window's start. */
const FIRST_POLL_DELAY_MS = 10_000;

export class BackgroundSync implements vscode.Disposable {
  private pollTimer: NodeJS.Timeout | undefined;
  private firstPoll: NodeJS.Timeout | undefined;
  private processTimer: NodeJS.Timeout | undefined;
  private knownConflicts = 0;
  /** The held-back deletions last warned about, so each poll does not warn again. */
  private warnedDeletions = '';
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly host: EngineHost,
    private readonly logger: Logger,
    private readonly onReport: (report: PullReport) => void,
  ) {
    this.subscription = host.onDidChangeEngine(() => this.reschedule());
    this.reschedule();
  }

  private clear(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.firstPoll) clearTimeout(this.firstPoll);
    if (this.processTimer) clearTimeout(this.processTimer);
    this.pollTimer = this.firstPoll = this.processTimer = undefined;
  }

  private reschedule(): void {
    this.clear();
    const engine = this.host.engine;
    if (!engine) return;
    this.knownConflicts = engine.store.getUnresolvedConflicts().length;
    const seconds = engine.settings.pollIntervalSeconds;
    if (seconds <= 0) return;
    this.firstPoll = setTimeout(() => void this.poll(), Math.min(FIRST_POLL_DELAY_MS, seconds * 1000));
    this.pollTimer = setInterval(() => void this.poll(), Math.max(5, seconds) * 1000);
  }

  /** An incremental sync, unless one is already running. */
  async poll(): Promise<void> {
    const engine = this.host.engine;
    if (!engine || engine.busy) return;
    try {
      const report = await engine.sync({ signal: this.host.signal });
      // A poll that changed files says which, like a sync a person started.
      for (const line of changeLines(report)) this.logger.info(`[Poll] ${line}`);
      if (report.changes.length || report.failed || report.conflicts) this.logger.info(`[Poll] ${summariseReport(report)} (${report.ms} ms)`);
      this.onReport(report);
      this.afterReport(report);
    } catch (e) {
      if (!isCancellation(e)) this.logger.warn(`[Poll] background sync failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.host.notify();
    }
  }

  /** Applies queued operations shortly (coalescing bursts of webhook events). */
  processSoon(delayMs = 1_000): void {
    if (this.processTimer) clearTimeout(this.processTimer);
    this.processTimer = setTimeout(() => {
      this.processTimer = undefined;
      void this.process();
    }, delayMs);
  }

  private async process(): Promise<void> {
    const engine = this.host.engine;
    if (!engine) return;
    try {
      await engine.processQueue({ signal: this.host.signal });
      this.noteConflicts(engine.store.getUnresolvedConflicts().length, true);
    } catch (e) {
      if (!isCancellation(e)) this.logger.warn(`[Queue] processing failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.host.notify();
    }
  }

  /** Called after any sync, background or not, so the conflict count stays current. */
  afterReport(report: PullReport): void {
    this.noteConflicts(report.conflicts, true);
    const blocked = [...report.blockedDeletions].sort().join('\n');
    if (blocked === this.warnedDeletions) return;
    this.warnedDeletions = blocked;
    if (report.blockedDeletions.length > 0) {
      void vscode.window
        .showWarningMessage(
          `Notion Sync held back ${plural(report.blockedDeletions.length, 'file')} deleted in Notion (more than notionSync.deleteThreshold). Run Pull to review and confirm.`,
          'Pull',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand(COMMANDS.pull);
        });
    }
  }

  /** Remembers the conflict count; tells the person when it grew (unless a command already says so). */
  noteConflicts(count: number, notify: boolean): void {
    const grew = count > this.knownConflicts;
    this.knownConflicts = count;
    if (!grew || !notify) return;
    void vscode.window
      .showWarningMessage(`Notion Sync: ${plural(count, 'conflict')} to resolve (edited here and in Notion).`, 'Show Conflicts')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand(`${VIEWS.conflicts}.focus`);
      });
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
  }
}
