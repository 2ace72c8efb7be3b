// Notion's request limits (notes/notion-markdown-v2.md §7): a per-connection
// budget in a 60-second window, a workspace-wide budget shared by every token
// (whose window, and so Retry-After, may be longer than a minute), blocked
// connections, and the older per-second token bucket. Each 429 names its reason.
import { ApiError } from './errors';
import { TokenBucket, WindowBudget, type Knobs } from './knobs';

export type RateLimitReason = 'public_api_request_rate_limit' | 'public_api_space_request_rate_limit' | 'public_api_request_blocked';

export function rateLimited(reason: RateLimitReason, retryAfter?: number): ApiError {
  if (reason === 'public_api_request_blocked') {
    return new ApiError(429, 'rate_limited', "This integration's API access is restricted. Contact Notion support; retrying will not help.", {}, { rate_limit_reason: reason });
  }
  const seconds = String(retryAfter ?? 1);
  // Retry-After is whole seconds; the body repeats it as a string.
  return new ApiError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.', { 'retry-after': seconds }, { rate_limit_reason: reason, retry_after: seconds });
}

export class Limits {
  private readonly perToken = new Map<string, WindowBudget>();
  private readonly workspace = new WindowBudget();
  readonly bucket = new TokenBucket();

  /** Throws the 429 this request earns, or counts it against every budget it fits in. */
  admit(knobs: Knobs, token: string, now: number): void {
    if (knobs.blockedTokens.includes(token)) throw rateLimited('public_api_request_blocked');
    let own = this.perToken.get(token);
    if (!own) this.perToken.set(token, (own = new WindowBudget()));
    const ownWait = own.wait(knobs.requestsPerMinute, 60_000, now);
    if (ownWait > 0) throw rateLimited('public_api_request_rate_limit', ownWait);
    // The workspace budget keeps its per-minute rate over a window that may be longer.
    const windowMs = knobs.workspaceWindowSeconds * 1000;
    const shared = Math.round((knobs.workspaceRequestsPerMinute * knobs.workspaceWindowSeconds) / 60);
    const sharedWait = this.workspace.wait(shared, windowMs, now);
    if (sharedWait > 0) throw rateLimited('public_api_space_request_rate_limit', sharedWait);
    this.bucket.configure(knobs.rateLimit, now);
    const bucketWait = this.bucket.take(now);
    if (bucketWait > 0) throw rateLimited('public_api_request_rate_limit', bucketWait);
    own.take(knobs.requestsPerMinute, 60_000, now);
    this.workspace.take(shared, windowMs, now);
  }
}
