// A pull against a simulated Notion budget, on a virtual clock: workers take
// slots from the limiter, each request arrives after a random latency, Notion
// counts it in its window (or answers 429 with Retry-After), and the answer
// comes back after another. Deterministic (seeded), and fast: no real timers.
import { BudgetLimiter, type LimiterSlot } from '../../../src/sync/notion/budgetLimiter';
import { ManualClock } from './manualClock';

/** Notion's windows: `restart` begins one at the first request after the last ended; `aligned` sits on fixed minute boundaries. */
export type ServerWindows = 'restart' | 'aligned';

export interface SimOptions {
  perMinute: number;
  serverPerMinute: number;
  requests: number;
  concurrency: number;
  windows?: ServerWindows;
  /** Offset of the aligned windows' boundaries (ms). */
  phase?: number;
  /** One-way latency, ms: [min, max). */
  latency?: [number, number];
  seed?: number;
}

export interface SimResult {
  /** When the last answer came back (ms from the first send). */
  ms: number;
  refused: number;
  /** The most requests Notion counted in any one of its windows. */
  fullest: number;
}

class Notion {
  private start = Number.NEGATIVE_INFINITY;
  private used = 0;
  fullest = 0;
  constructor(private readonly o: SimOptions) {}

  /** 0 when admitted, else the whole seconds of Retry-After. */
  admit(at: number): number {
    const start = this.o.windows === 'aligned' ? Math.floor((at - (this.o.phase ?? 0)) / 60_000) * 60_000 + (this.o.phase ?? 0) : this.start;
    if (this.o.windows === 'aligned' ? start !== this.start : at - this.start >= 60_000) {
      this.start = this.o.windows === 'aligned' ? start : at;
      this.used = 0;
    }
    if (this.used >= this.o.serverPerMinute) return Math.max(1, Math.ceil((this.start + 60_000 - at) / 1000));
    this.used++;
    this.fullest = Math.max(this.fullest, this.used);
    return 0;
  }
}

export function simulatePull(o: SimOptions): SimResult {
  const clock = new ManualClock();
  const limiter = new BudgetLimiter({ requestsPerMinute: o.perMinute, clock });
  const notion = new Notion(o);
  let seed = o.seed ?? 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const [lo, hi] = o.latency ?? [50, 400];
  const oneWay = () => lo + random() * (hi - lo);
  // Events in time order: a worker's next reservation, or an answer arriving.
  const events: Array<{ at: number; run: () => void }> = [];
  const schedule = (at: number, run: () => void) => {
    events.push({ at, run });
    events.sort((a, b) => a.at - b.at);
  };
  let left = o.requests;
  let refused = 0;
  let last = 0;
  let pushBacks = 0;
  // As acquire() does: reserve, wait for the slot, and queue again if a push-back came meanwhile.
  const reserve = (then: (slot: LimiterSlot) => void) => {
    const seen = pushBacks;
    const slot = limiter.reserveSlot();
    schedule(slot.at, () => {
      if (seen === pushBacks && slot.window.fits(clock.now(), limiter.status().currentPerMinute)) return then(slot);
      slot.window.release();
      reserve(then);
    });
  };
  const work = () => {
    if (left === 0) return;
    left--;
    reserve((slot) =>
      schedule(clock.now() + oneWay(), () => {
        const retryAfter = notion.admit(clock.now());
        schedule(clock.now() + oneWay(), () => {
          limiter.settle(slot, retryAfter ? 'refused' : 'accepted');
          last = clock.now();
          if (retryAfter) {
            refused++;
            left++;
            pushBacks++;
            limiter.pushBack('connection', retryAfter * 1000);
          }
          work();
        });
      }),
    );
  };
  for (let i = 0; i < o.concurrency; i++) work();
  while (events.length) {
    const next = events.shift()!;
    clock.advance(Math.max(0, next.at - clock.now()));
    next.run();
  }
  return { ms: last, refused, fullest: notion.fullest };
}
