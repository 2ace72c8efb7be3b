// Every way to change the engine's state is an operation described here, and
// runs through one gate (OperationGate.run / runNow). A blocking operation waits
// for the running job and holds every other one back; with a page key it also
// takes that page's lock, so e.g. an unlink cannot interleave with a refresh of
// the same page (which would re-create the mapping). Non-blocking operations are
// single synchronous queue transactions: they cannot interleave with a job's own
// writes, and must not wait behind a long pull (a webhook is acknowledged only
// once its operation is queued).
import type { Logger } from '../logger';

export interface OperationDescriptor {
  /** Waits for the running job and holds others back (the one-job gate). */
  readonly blocking: boolean;
  /** Reads only: no change event after it. */
  readonly readOnly: boolean;
}

const job = { blocking: true, readOnly: false } as const;
const queueEdit = { blocking: false, readOnly: false } as const;

export const OPERATIONS = {
  pull: job,
  processQueue: job,
  resolveConflict: job,
  discardLocalChanges: job,
  link: job,
  unlink: job,
  indexDocuments: job,
  enqueueRefresh: queueEdit,
  acceptWebhook: queueEdit,
  retryOperation: queueEdit,
  retryAllFailed: queueEdit,
  removeOperation: queueEdit,
  clearProcessed: queueEdit,
} as const satisfies Record<string, OperationDescriptor>;

export type OperationKind = keyof typeof OPERATIONS;

type BlockingKind = { [K in OperationKind]: (typeof OPERATIONS)[K]['blocking'] extends true ? K : never }[OperationKind];
type QueueEditKind = Exclude<OperationKind, BlockingKind>;

export class OperationGate {
  private running: Promise<unknown> | null = null;
  private current: OperationKind | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly logger: Logger,
    /** Per-run caches are dropped when a job starts and when it ends. */
    private readonly onJobBoundary: () => void,
    /** Takes a page's lock around `fn`. */
    private readonly pageLock: <T>(key: string, fn: () => Promise<T>) => Promise<T>,
  ) {}

  /** The job running now, if any. */
  get busy(): OperationKind | null {
    return this.current;
  }

  /** Subscribe to any change of status, queue, conflicts or documents. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (e) {
        this.logger.error(e as Error);
      }
    }
  }

  /** Runs a blocking operation: one job at a time, a second call waits for the first, then runs. */
  async run<T>(kind: BlockingKind, fn: () => Promise<T>, page?: string): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const body = page ? () => this.pageLock(page, fn) : fn;
    this.onJobBoundary();
    const p = body();
    this.running = p;
    this.current = kind;
    this.changed();
    try {
      return await p;
    } finally {
      this.running = null;
      this.current = null;
      this.onJobBoundary();
      this.changed();
    }
  }

  /** Runs a queue edit now (one synchronous transaction), then tells subscribers. */
  runNow<T>(kind: QueueEditKind, fn: () => T): T {
    const result = fn();
    if (!OPERATIONS[kind].readOnly) this.changed();
    return result;
  }

  /** Resolves when the running job (if any) has ended. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
