// A clock tests move by hand; sleeps resolve when time passes their deadline.
import type { Clock } from '../../../src/sync/notion/clock';

export class ManualClock implements Clock {
  private time = 0;
  private sleepers: { at: number; resolve: () => void }[] = [];
  readonly slept: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    return new Promise((resolve) => {
      this.sleepers.push({ at: this.time + ms, resolve });
      this.wake();
    });
  }

  advance(ms: number): void {
    this.time += ms;
    this.wake();
  }

  private wake(): void {
    const due = this.sleepers.filter((s) => s.at <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.at > this.time);
    for (const s of due) s.resolve();
  }
}
