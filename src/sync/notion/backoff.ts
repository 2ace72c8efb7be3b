// Exponential backoff with "full jitter" between a floor of half the step
// and the step, capped. Used when the server gave no Retry-After.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Returns a number in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  const random = options.random ?? Math.random;
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + (random() * step) / 2);
}
