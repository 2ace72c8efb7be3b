// Behaviour knobs: rate limits, injected faults and latency, and how the
// emulator renders things that drift in real Notion (URL host, callout form).
export type FaultKind = '500' | '503' | '529' | 'drop' | '503-committed';
/** Kinds picked by default; `503-committed` (a write that is saved, then answered 503) is opt-in. */
export const ALL_FAULT_KINDS: FaultKind[] = ['500', '503', '529', 'drop'];
export const KNOWN_FAULT_KINDS: FaultKind[] = [...ALL_FAULT_KINDS, '503-committed'];

/** Page URLs moved from www.notion.so to app.notion.com/p without an API-version change. */
export type PageUrlHost = 'www.notion.so' | 'app.notion.com';
/** v1 callouts were `::: callout {…}` fenced divs once and `<callout>` tags later. */
export type CalloutForm = 'tag' | 'fenced';
/** Free workspaces take files up to 5 MiB, paid ones up to 5 GiB. */
export type Plan = 'free' | 'paid';
/** `next`: the announced Notion-Version where v2 is the default and `markdown_version: "v1"` is refused. */
export type MarkdownApi = 'current' | 'next';
/** Real Notion keeps the trailing spaces of a line's text; `stripped` drops them (a drift test). */
export type TrailingSpaces = 'kept' | 'stripped';
/** Which version markdown responses come in: as requested, or v1 whatever was asked (a workspace still on v1). */
export type MarkdownResponse = 'requested' | 'v1';

export interface Knobs {
  /** Requests per second (token bucket); 0 turns it off. */
  rateLimit: number;
  /** Per-connection (per-token) budget in a fixed 60-second window; 0 turns it off. */
  requestsPerMinute: number;
  /** Budget shared by every token of the workspace; 0 turns it off. */
  workspaceRequestsPerMinute: number;
  /** Length of the workspace window, so its Retry-After can exceed a minute. */
  workspaceWindowSeconds: number;
  /** Tokens whose API access is blocked (429 `public_api_request_blocked`). */
  blockedTokens: string[];
  /** Probability (0..1) that a /v1 request fails. */
  faultRate: number;
  /** Median delay before every /v1 response. */
  latencyMs: number;
  /** 99th percentile of the delay (a log-normal tail); null = every response waits exactly `latencyMs`. */
  latencyP99Ms: number | null;
  /** Which failures faults pick from. */
  faultKinds: FaultKind[];
  /** Fail exactly the next N /v1 requests (deterministic faults for tests). */
  failNext: number;
  /** Search sees an edit only this long after it happened (Notion indexes asynchronously). */
  searchLagMs: number;
  pageUrlHost: PageUrlHost;
  calloutForm: CalloutForm;
  /** Real Notion never ends page markdown with a newline; true adds one (a drift test). */
  finalNewline: boolean;
  trailingSpaces: TrailingSpaces;
  markdownResponse: MarkdownResponse;
  plan: Plan;
  markdownApi: MarkdownApi;
}

export function defaultKnobs(): Knobs {
  return {
    rateLimit: 0,
    requestsPerMinute: 0,
    workspaceRequestsPerMinute: 0,
    workspaceWindowSeconds: 60,
    blockedTokens: [],
    faultRate: 0,
    latencyMs: 0,
    latencyP99Ms: null,
    faultKinds: [...ALL_FAULT_KINDS],
    failNext: 0,
    searchLagMs: 0,
    pageUrlHost: 'www.notion.so',
    calloutForm: 'tag',
    finalNewline: false,
    trailingSpaces: 'kept',
    markdownResponse: 'requested',
    plan: 'free',
    markdownApi: 'current',
  };
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

/**
 * Notion's budget: a fixed window (60 s per connection) that can be spent at
 * any pace; once spent, Retry-After is the time until the window resets.
 */
export class WindowBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  /** 0 when one more request fits, else the whole seconds until the window resets (≥ 1). Takes nothing. */
  wait(limit: number, windowMs: number, now: number): number {
    if (limit <= 0) return 0;
    if (now - this.windowStart >= windowMs) return 0;
    if (this.used < limit) return 0;
    return Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000));
  }

  /** Counts one request (call after wait() said it fits). */
  take(limit: number, windowMs: number, now: number): void {
    if (limit <= 0) return;
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used++;
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

/**
 * One response delay: log-normal with median `latencyMs` and 99th percentile
 * `latencyP99Ms` (z₀.₉₉ ≈ 2.326), capped at ten times the p99 so a test never hangs.
 */
export function sampleLatency(knobs: Pick<Knobs, 'latencyMs' | 'latencyP99Ms'>, random: () => number = Math.random): number {
  const median = knobs.latencyMs;
  const p99 = knobs.latencyP99Ms;
  if (median <= 0 || p99 === null || p99 <= median) return Math.max(0, median);
  const sigma = Math.log(p99 / median) / 2.326;
  // Box–Muller: a standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(p99 * 10, median * Math.exp(sigma * z));
}
