// What one run did to the queue, counted in operations, not attempts. A run
// tries each operation at most once: one that fails waits for its backoff and
// the next run (a poll, a webhook, Retry), so a Sync Now ends when every due
// operation had its try, its progress total never grows with retries, and
// "n failed" is the number of operations the queue now holds as failed.
import type { StateStore } from '../store/stateStore';

export class RunTally {
  private readonly failedIds = new Set<number>();
  private finished = 0;

  /** Operations this run must not claim again. */
  skip(): number[] {
    return [...this.failedIds];
  }

  finish(id: number, ok: boolean): void {
    this.finished++;
    if (ok) this.failedIds.delete(id);
    else this.failedIds.add(id);
  }

  /** Operations attempted in this run. */
  get processed(): number {
    return this.finished;
  }

  /** Operations that failed in this run (each once, however it was reached). */
  get failed(): number {
    return this.failedIds.size;
  }

  /** Done so far, of done + what the run would still take on. */
  progress(store: StateStore, now: number): { done: number; total: number } {
    return { done: this.finished, total: this.finished + store.countUnfinished(now, this.skip()) };
  }
}
