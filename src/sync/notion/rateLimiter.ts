// One token bucket shared by every request of a gateway instance. Written as
// GCRA (a token bucket kept as a single "theoretical arrival time"), so waiting
// callers are served in arrival order without a queue of timers.
import { type Clock, systemClock } from './clock';

export interface RateLimiterOptions {
  /** Average requests per second. */
  requestsPerSecond: number;
  /** Requests allowed back to back after an idle spell. */
  burst: number;
  clock?: Clock;
}

export class RateLimiter {
  private readonly interval: number;
  private readonly tolerance: number;
  private readonly clock: Clock;
  /** When the bucket would be empty again if nobody else came. */
  private tat = 0;
  private pausedUntil = 0;

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be > 0');
    const burst = Math.max(1, Math.floor(options.burst));
    this.interval = 1000 / options.requestsPerSecond;
    this.tolerance = (burst - 1) * this.interval;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Reserves the next slot and returns how long to wait for it (ms). Pure
   * bookkeeping; `acquire` does the waiting.
   */
  reserve(): number {
    const now = this.clock.now();
    const allowAt = Math.max(now, this.tat - this.tolerance, this.pausedUntil);
    this.tat = Math.max(this.tat, allowAt) + this.interval;
    return allowAt - now;
  }

  /** Waits for a slot. Returns the milliseconds waited. */
  async acquire(signal?: AbortSignal): Promise<number> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait, signal);
    return wait;
  }

  /**
   * Stops every caller until `ms` from now (a 429 or 529 said so). After the
   * pause, requests resume one interval apart rather than in a burst.
   */
  pause(ms: number): void {
    const until = this.clock.now() + Math.max(0, ms);
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.tat = Math.max(this.tat, until + this.tolerance);
  }

  /** Milliseconds left in the current pause (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }
}
