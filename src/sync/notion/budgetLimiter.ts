// One request budget shared by every request of a gateway, shaped like
// Notion's own: N requests per 60-second window, spent in a burst; when the
// window is spent, every request waits for its reset and the next burst goes
// (budgetWindow.ts: when that reset can safely be taken to be). It learns from
// the server: a 429 or 529 pauses everyone until Retry-After and lowers the
// budget; a quiet window raises it again, up to the setting.
import { BudgetWindow, WINDOW_MS, WINDOW_SLACK_MS } from './budgetWindow';
import { type Clock, systemClock } from './clock';

export { WINDOW_MS, WINDOW_SLACK_MS };
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
 * unspent: a window's budget goes out in a burst, and each request takes
 * ~0.3 s at Notion's median plus the engine's own work on the answer, so about
 * 2.5 workers per request/s of average budget (180/min: 8, 600/min: 24),
 * within 4..24.
 */
export function concurrencyFor(requestsPerMinute: number): number {
  return Math.min(24, Math.max(4, Math.ceil(requestsPerMinute / 25)));
}

export interface LimiterStatus {
  /** The ceiling: the `requestsPerMinute` setting. */
  requestsPerMinute: number;
  /** The budget in use now: lower than the ceiling after Notion pushed back. */
  currentPerMinute: number;
  /** Requests counted in the current window (sent, reserved, or handed over by the previous one). */
  inWindow: number;
  /** While every request waits for Notion: until when (epoch ms on the limiter's clock). */
  pausedUntil: number | null;
  /** Why the latest pause happened; null when not paused. */
  reason: ThrottleReason | null;
}

/** A request's place in a window: settle it when the request is over. */
export interface LimiterSlot {
  readonly window: BudgetWindow;
  /** When it may go (epoch ms on the limiter's clock). */
  readonly at: number;
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
  /** The latest window (possibly one that opens at a coming reset); none before the first request. */
  private window: BudgetWindow | undefined;
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
   * handed out in call order: the window's budget at once, then the next
   * window's at its reset.
   */
  reserve(): number {
    const now = this.clock.now();
    return this.reserveSlot().at - now;
  }

  /** reserve(), returning the slot to settle once its request is over (acquire() does both for a caller). */
  reserveSlot(): LimiterSlot {
    const now = this.clock.now();
    this.raiseWhenQuiet(now);
    let at = Math.max(now, this.pausedUntil);
    for (;;) {
      if (!this.window) this.window = new BudgetWindow(at, at, undefined);
      else if (at >= this.window.end) this.window = this.window.next(at);
      const w = this.window;
      if (w.counted(now) < this.budget) {
        w.used++;
        w.inFlight++;
        return { window: w, at: Math.max(at, w.opensAt) };
      }
      at = Math.max(at, w.end);
    }
  }

  /**
   * Waits for a slot; a push-back while waiting voids it and queues again.
   * Returns the slot (to settle once answered) and the ms waited.
   */
  async acquire(signal?: AbortSignal): Promise<{ slot: LimiterSlot; waited: number }> {
    const start = this.clock.now();
    for (;;) {
      const epoch = this.epoch;
      const slot = this.reserveSlot();
      const wait = slot.at - this.clock.now();
      try {
        if (wait > 0) await this.clock.sleep(wait, signal);
      } catch (e) {
        this.release(slot);
        throw e;
      }
      // Voided by a push-back, or bumped by a request of the last window that was answered too late to leave it room.
      if (epoch === this.epoch && slot.window.fits(this.clock.now(), this.budget)) return { slot, waited: this.clock.now() - start };
      this.release(slot);
    }
  }

  /** A slot given back unused: its request never went out. */
  release(slot: LimiterSlot): void {
    slot.window.release();
  }

  /**
   * The request of `slot` is over: `answered` when Notion sent a response
   * (`accepted`: one that counted against its window, no 429), otherwise it
   * failed on the way. Tells the window when Notion's began and what may
   * spill into the next.
   */
  settle(slot: LimiterSlot, outcome: 'accepted' | 'refused' | 'failed'): void {
    slot.window.settle(this.clock.now(), outcome !== 'failed');
    // Counted from the latest window start Notion told (a 429's Retry-After) only.
    if (outcome === 'accepted' && this.windowStart !== undefined && slot.at >= this.windowStart) this.acceptedInWindow++;
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
    // Notion's window resets when its Retry-After ends: the next burst goes then.
    if (reason === 'connection') this.restartWindow(now, now + wait);
    // Reservations not yet sent are void: their callers queue again after the pause.
    this.epoch++;
    this.lastChange = now;
    if (now + wait >= this.pausedUntil) {
      this.pausedUntil = now + wait;
      this.reason = reason;
    }
    this.emit();
  }

  private restartWindow(now: number, resetAt: number): void {
    const w = this.window;
    if (!w) return;
    // A window that opens in the future holds only reservations (void now): the requests out belong to the one before.
    const sending = w.opensAt > now ? w.previousWindow : w;
    this.window = sending ? sending.restart(resetAt) : new BudgetWindow(resetAt, resetAt - 1_000, undefined);
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
    const paused = this.pausedUntil > now;
    return {
      requestsPerMinute: this.ceiling,
      currentPerMinute: this.budget,
      inWindow: this.window?.counted(now) ?? 0,
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
