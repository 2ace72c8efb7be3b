// Retry delays for the queue. Full jitter spreads retries of many failed
// operations over the whole window so they do not hit Notion in lockstep.

export interface BackoffOptions {
  /** First retry's window (default 1 s). */
  baseMs?: number;
  /** Cap on any delay (default 15 min). */
  maxMs?: number;
  /** Uniform [0, 1) source; inject for deterministic tests. */
  random?: () => number;
  /** 'full' (default): uniform in [0, min(max, base·2^(n-1))]. 'decorrelated': uniform in [base, min(max, 3·previous)]. */
  jitter?: 'full' | 'decorrelated';
  /** For 'decorrelated': the delay used last time (default baseMs). */
  previousDelayMs?: number;
}

/** Delay before the next attempt after `retryCount` failures (≥ 1). */
export function backoffDelayMs(retryCount: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 15 * 60_000;
  const r = Math.min(Math.max((options.random ?? Math.random)(), 0), 1);
  if (options.jitter === 'decorrelated') {
    const previous = options.previousDelayMs ?? baseMs;
    const high = Math.min(maxMs, Math.max(baseMs, previous * 3));
    return Math.min(maxMs, Math.round(baseMs + r * (high - baseMs)));
  }
  const exponent = Math.min(Math.max(0, retryCount - 1), 52);
  const cap = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(r * cap);
}
