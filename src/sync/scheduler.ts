// When the work nobody clicked for runs, for the extension and the CLI's
// long-running `webhook` mode alike: the periodic incremental poll (Notion is
// the source of truth; webhooks only hint and can be missed), and applying
// queued operations soon after a webhook event or a retry, a burst of them
// coalesced into one run. Knows nothing of VS Code or of a terminal: what a
// poll found and what failed go to the caller's hooks.
import type { PullOptions, PullReport, ProcessResult } from './engine/engine';

/** First poll after start: late enough not to slow a window's start (the CLI starts at once). */
export const FIRST_POLL_DELAY_MS = 10_000;
/** Polls never come closer than this, whatever the setting says. */
export const MIN_POLL_INTERVAL_MS = 5_000;
/** A webhook burst is applied once this long after its last event. */
export const BATCH_DELAY_MS = 1_000;

/** What the scheduler drives: the engine (SyncEngine satisfies it). */
export interface Schedulable {
  readonly busy: boolean;
  sync(opts: PullOptions): Promise<PullReport>;
  processQueue(opts: { signal?: AbortSignal }): Promise<ProcessResult>;
}

export interface SchedulerOptions {
  /** The `pollIntervalSeconds` setting; 0 or less turns polling off, the first poll included. */
  pollIntervalSeconds: number;
  firstPollDelayMs?: number;
  /** Overrides MIN_POLL_INTERVAL_MS (tests). */
  minPollIntervalMs?: number;
  /** Overrides BATCH_DELAY_MS for processSoon() without an argument. */
  batchDelayMs?: number;
  /** Long work stops when it aborts (the extension aborts it when the engine closes). */
  signal?: () => AbortSignal | undefined;
  onPolled?: (report: PullReport) => void;
  onProcessed?: () => void;
  onError: (what: 'poll' | 'process', e: unknown) => void;
  /** After every poll or queue run, whatever its outcome. */
  onSettled?: () => void;
}

export class SyncScheduler {
  private firstPoll: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly engine: Schedulable,
    private readonly options: SchedulerOptions,
  ) {
    const seconds = options.pollIntervalSeconds;
    if (seconds <= 0) return;
    const intervalMs = Math.max(options.minPollIntervalMs ?? MIN_POLL_INTERVAL_MS, seconds * 1000);
    this.firstPoll = setTimeout(() => void this.poll(), Math.min(options.firstPollDelayMs ?? FIRST_POLL_DELAY_MS, intervalMs));
    this.pollTimer = setInterval(() => void this.poll(), intervalMs);
  }

  /** An incremental sync, unless a job (a sync someone started, or the last poll) is still running. */
  async poll(): Promise<void> {
    if (this.stopped || this.engine.busy) return;
    try {
      // Awaited apart: an optional call skips evaluating its arguments when there is no hook.
      const report = await this.engine.sync({ signal: this.options.signal?.() });
      this.options.onPolled?.(report);
    } catch (e) {
      this.options.onError('poll', e);
    } finally {
      this.options.onSettled?.();
    }
  }

  /** Applies queued operations shortly; calls within the delay coalesce into one run. */
  processSoon(delayMs = this.options.batchDelayMs ?? BATCH_DELAY_MS): void {
    if (this.stopped) return;
    clearTimeout(this.batchTimer);
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      void this.process();
    }, delayMs);
  }

  private async process(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.engine.processQueue({ signal: this.options.signal?.() });
      this.options.onProcessed?.();
    } catch (e) {
      this.options.onError('process', e);
    } finally {
      this.options.onSettled?.();
    }
  }

  /** No timer fires after this; a run already started finishes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.firstPoll);
    clearInterval(this.pollTimer);
    clearTimeout(this.batchTimer);
  }
}
