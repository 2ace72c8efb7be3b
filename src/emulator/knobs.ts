// Behaviour knobs: rate limit (token bucket), injected faults and latency.
export type FaultKind = '500' | '503' | '529' | 'drop';
export const ALL_FAULT_KINDS: FaultKind[] = ['500', '503', '529', 'drop'];

export interface Knobs {
  /** Requests per second; 0 turns the limiter off. */
  rateLimit: number;
  /** Probability (0..1) that a /v1 request fails. */
  faultRate: number;
  /** Added delay before every /v1 response. */
  latencyMs: number;
  /** Which failures faults pick from. */
  faultKinds: FaultKind[];
  /** Fail exactly the next N /v1 requests (deterministic faults for tests). */
  failNext: number;
}

export function defaultKnobs(): Knobs {
  return { rateLimit: 0, faultRate: 0, latencyMs: 0, faultKinds: [...ALL_FAULT_KINDS], failNext: 0 };
}

/** Token bucket holding up to one second of requests. */
export class TokenBucket {
  private tokens = 0;
  private last = 0;
  private rate = 0;

  configure(rate: number, now: number): void {
    if (rate === this.rate) return;
    this.rate = rate;
    this.tokens = Math.max(1, rate);
    this.last = now;
  }

  /** Takes a token; returns 0 when allowed, else the whole seconds to wait (≥ 1). */
  take(now: number): number {
    if (this.rate <= 0) return 0;
    const capacity = Math.max(1, this.rate);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}

/** Decides whether this request fails and how. */
export function pickFault(knobs: Knobs, random: () => number = Math.random): FaultKind | undefined {
  const kinds = knobs.faultKinds.length ? knobs.faultKinds : ALL_FAULT_KINDS;
  if (knobs.failNext > 0) {
    knobs.failNext--;
    return kinds[Math.floor(random() * kinds.length)];
  }
  if (knobs.faultRate > 0 && random() < knobs.faultRate) return kinds[Math.floor(random() * kinds.length)];
  return undefined;
}
