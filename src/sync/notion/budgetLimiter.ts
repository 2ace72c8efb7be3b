// One request budget shared by every request of a gateway, shaped like
// Notion's own: N requests per 60-second window, spendable in a burst. It
// remembers when each request of the last window went out (a sliding window,
// which can never put more than N into any fixed window Notion counts), and
// learns from the server: a 429 or 529 pauses everyone until Retry-After and
// lowers the budget; a quiet window raises it again, up to the setting.
import { type Clock, systemClock } from './clock';

export const WINDOW_MS = 60_000;
/**
 * Added to the window: a request's arrival at Notion trails its departure by a
 * latency that varies, so two sends a bare 60 s apart could land in one of
 * Notion's windows.
 */
export const WINDOW_SLACK_MS = 1_000;
export const DEFAULT_REQUESTS_PER_MINUTE = 180;
/**
 * Halvings are at least this far apart: the requests in flight when Notion
 * is overloaded all come back 529 together, and that is one signal, not ten.
 */
export const HALVING_COOLDOWN_MS = 10_000;
/** How close "previous reset + this Retry-After" must come to a window to be read as one. */
const WINDOW_MATCH_MS = 3_000;

/**
 * Why Notion said to wait. `connection`: this integration's budget (its
 * Retry-After is the time to the window's reset); `workspace`: the budget all
 * the workspace's integrations share (waits can exceed a minute); `endpoint`:
 * one endpoint's own limit; `overload`: 529 service_overload.
 */
export type ThrottleReason = 'connection' | 'workspace' | 'endpoint' | 'overload';

/**
 * How many requests to keep in flight so latency does not leave the budget
 * unspent: a request takes ~0.3 s at Notion's median plus the engine's own work
 * on the answer, so about one worker per request/s of budget (180/min: 4,
 * 600/min: 10), within 4..16.
 */
export function concurrencyFor(requestsPerMinute: number): number {
  return Math.min(16, Math.max(4, Math.ceil(requestsPerMinute / 60)));
}

export interface LimiterStatus {
  /** The ceiling: the `requestsPerMinute` setting. */
  requestsPerMinute: number;
  /** The budget in use now: lower than the ceiling after Notion pushed back. */
  currentPerMinute: number;
  /** Requests sent (or reserved) in the last window. */
  inWindow: number;
  /** While every request waits for Notion: until when (epoch ms on the limiter's clock). */
  pausedUntil: number | null;
  /** Why the latest pause happened; null when not paused. */
  reason: ThrottleReason | null;
}

export interface BudgetLimiterOptions {
  requestsPerMinute?: number;
  /** The budget never drops below this after push-back. */
  minPerMinute?: number;
  clock?: Clock;
}

export class BudgetLimiter {
  readonly ceiling: number;
  private readonly floor: number;
  private readonly clock: Clock;
  private readonly windowMs = WINDOW_MS + WINDOW_SLACK_MS;
  private budget: number;
  /** Send times (past and reserved), ascending. */
  private sent: number[] = [];
  private pausedUntil = 0;
  private reason: ThrottleReason | null = null;
  /** Bumped by every push-back: reservations made before it are void. */
  private epoch = 0;
  private lastChange = -Infinity;
  private lastHalving = -Infinity;
  /** When Notion's current window began, as its latest Retry-After told. */
  private windowStart: number | undefined;
  private acceptedInWindow = 0;
  private readonly listeners = new Set<(status: LimiterStatus) => void>();

  constructor(options: BudgetLimiterOptions = {}) {
    const perMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    if (!(perMinute >= 1) || !Number.isFinite(perMinute)) throw new RangeError('requestsPerMinute must be a number ≥ 1');
    this.ceiling = Math.floor(perMinute);
    this.floor = Math.max(1, Math.min(this.ceiling, Math.floor(options.minPerMinute ?? Math.min(10, this.ceiling))));
    this.budget = this.ceiling;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Reserves the next slot and returns how long to wait for it (ms). Slots are
   * handed out in call order; the budget's requests go back to back until the
   * window is full, then each waits for the oldest to age out.
   */
  reserve(): number {
    const now = this.clock.now();
    this.raiseWhenQuiet(now);
    this.prune(now);
    let at = Math.max(now, this.pausedUntil, this.sent.at(-1) ?? 0);
    if (this.sent.length >= this.budget) at = Math.max(at, (this.sent[this.sent.length - this.budget] ?? 0) + this.windowMs);
    this.sent.push(at);
    return at - now;
  }

  /** Waits for a slot; a push-back while waiting voids it and queues again. Returns the ms waited. */
  async acquire(signal?: AbortSignal): Promise<number> {
    const start = this.clock.now();
    for (;;) {
      const epoch = this.epoch;
      const wait = this.reserve();
      if (wait > 0) await this.clock.sleep(wait, signal);
      if (epoch === this.epoch) return this.clock.now() - start;
    }
  }

  /**
   * A request sent at `sentAt` was answered without a 429: it counted against
   * Notion's window. Counted from the latest known window start only.
   */
  noteAccepted(sentAt: number): void {
    if (this.windowStart !== undefined && sentAt >= this.windowStart) this.acceptedInWindow++;
  }

  /**
   * Notion pushed back: every request waits `waitMs`.
   * - `connection`: Retry-After is the time to Notion's window reset, so the
   *   window restarts then. When the previous reset and this answer span one
   *   window, the requests accepted in between are exactly Notion's budget,
   *   and the budget becomes that. (A server with a per-second bucket gives
   *   short waits that span no window: it only pauses.)
   * - `workspace`, `overload`: the budget is shared or Notion is struggling;
   *   halve it (once per cooldown, however many answers say so).
   * - `endpoint`: one endpoint's own limit; only pause.
   */
  pushBack(reason: ThrottleReason, waitMs: number): void {
    const now = this.clock.now();
    const wait = Math.max(0, waitMs);
    if (reason === 'connection') this.learnWindow(now, wait);
    else if (reason !== 'endpoint' && now - this.lastHalving >= HALVING_COOLDOWN_MS) {
      this.lower(Math.floor(this.budget / 2), now);
      this.lastHalving = now;
    }
    // Reservations not yet sent are void: their callers queue again after the pause.
    this.sent = reason === 'connection' ? [] : this.sent.filter((t) => t <= now);
    this.epoch++;
    this.lastChange = now;
    if (now + wait >= this.pausedUntil) {
      this.pausedUntil = now + wait;
      this.reason = reason;
    }
    this.emit();
  }

  private learnWindow(now: number, wait: number): void {
    const spanned = this.windowStart === undefined ? undefined : now - this.windowStart + wait;
    if (spanned !== undefined && Math.abs(spanned - WINDOW_MS) <= WINDOW_MATCH_MS) this.lower(this.acceptedInWindow, now);
    this.windowStart = now + wait;
    this.acceptedInWindow = 0;
  }

  private lower(to: number, now: number): void {
    this.budget = Math.max(this.floor, Math.min(this.budget, to));
    this.lastChange = now;
  }

  /** Milliseconds left in the current pause (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  status(): LimiterStatus {
    const now = this.clock.now();
    this.prune(now);
    const paused = this.pausedUntil > now;
    return {
      requestsPerMinute: this.ceiling,
      currentPerMinute: this.budget,
      inWindow: this.sent.length,
      pausedUntil: paused ? this.pausedUntil : null,
      reason: paused ? this.reason : null,
    };
  }

  /** Called on every push-back and every raise; returns an unsubscribe function. */
  onChange(listener: (status: LimiterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A full window without push-back raises the budget by a tenth of the ceiling. */
  private raiseWhenQuiet(now: number): void {
    if (this.budget >= this.ceiling || now - this.lastChange < this.windowMs || now < this.pausedUntil) return;
    this.budget = Math.min(this.ceiling, this.budget + Math.max(1, Math.round(this.ceiling / 10)));
    this.lastChange = now;
    this.emit();
  }

  private prune(now: number): void {
    let stale = 0;
    while (stale < this.sent.length && (this.sent[stale] ?? 0) <= now - this.windowMs) stale++;
    if (stale > 0) this.sent.splice(0, stale);
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch {
        // A display's failure must not stop requests.
      }
    }
  }
}
