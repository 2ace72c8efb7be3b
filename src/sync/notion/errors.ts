// Typed gateway errors. `retryable` tells the engine's queue whether a later
// attempt may succeed (retry with backoff) or the operation goes to dead letter.
import { APIResponseError, isNotionClientError, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';

export interface NotionErrorDetails {
  status?: number;
  code?: string;
  requestId?: string;
  /** Server-requested wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** 429: `additional_data.rate_limit_reason`. */
  rateLimitReason?: string;
  /** 503 on a write: what Notion says it saved (`additional_data`). */
  committed?: CommittedWrite;
  cause?: unknown;
}

/**
 * What a 503 on a write says was saved: Notion can save a write and still
 * fail to build the response in time. `retryGuidance` is its advice (read the
 * object again rather than repeat the write).
 */
export interface CommittedWrite {
  resourceId?: string;
  childIds?: string[];
  retryGuidance: string[];
}

/** The rate-limit reason that means "stop": the integration's API access is restricted. */
export const REQUEST_BLOCKED_REASON = 'public_api_request_blocked';

export abstract class NotionError extends Error {
  abstract readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly rateLimitReason?: string;
  readonly committed?: CommittedWrite;

  constructor(message: string, details: NotionErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.rateLimitReason = details.rateLimitReason;
    this.committed = details.committed;
  }
}

/** 401/403: wrong, revoked or under-privileged token, or a page not shared. */
export class NotionAuthError extends NotionError {
  readonly retryable = false;
}

/** 404: gone, never existed, or not shared with the integration. */
export class NotionNotFoundError extends NotionError {
  readonly retryable = false;
}

/** 429: the rate limit; wait `retryAfterMs`. */
export class NotionRateLimitedError extends NotionError {
  readonly retryable = true;
}

/**
 * 429 with `rate_limit_reason: public_api_request_blocked`: Notion restricted
 * this integration's API access. Retrying cannot help; only Notion support can.
 */
export class NotionRequestBlockedError extends NotionError {
  readonly retryable = false;
}

/** 5xx, 529, 409 conflicts, timeouts and network failures. */
export class NotionUnavailableError extends NotionError {
  readonly retryable = true;
  /** True when the request may have reached Notion and been applied. */
  readonly ambiguous: boolean;
  constructor(message: string, details: NotionErrorDetails & { ambiguous?: boolean } = {}) {
    super(message, details);
    this.ambiguous = details.ambiguous ?? true;
  }
}

/** 400 and local conversion errors: the request itself is wrong. */
export class NotionValidationError extends NotionError {
  readonly retryable = false;
  /** The property at fault, for conversion errors. */
  readonly property?: string;
  constructor(message: string, details: NotionErrorDetails & { property?: string } = {}) {
    super(message, details);
    this.property = details.property;
  }
}

/** Removes every occurrence of the token (and bearer headers) from a text. */
export function redact(text: string, token: string | undefined): string {
  let out = text;
  if (token && token.length >= 4) out = out.split(token).join('[redacted]');
  return out.replace(/(Bearer\s+)[A-Za-z0-9_\-.]+/gi, '$1[redacted]');
}

/** Parses `Retry-After` (delta seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function headerValue(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  if (headers && typeof headers === 'object') {
    const record = headers as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    const value = key === undefined ? undefined : record[key];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** Status, code, waits and what a 503 says was saved, from an API error body and headers. */
function apiErrorDetails(error: APIResponseError): NotionErrorDetails {
  const extra = (error.additional_data ?? {}) as Record<string, unknown>;
  const bodyRetryAfter = typeof extra.retry_after === 'string' ? extra.retry_after : undefined;
  const guidance = stringsOf(extra.retry_guidance);
  const resourceId = typeof extra.committed_resource_id === 'string' ? extra.committed_resource_id : undefined;
  const childIds = stringsOf(extra.committed_child_ids);
  const committed = guidance || resourceId || childIds ? { resourceId, childIds, retryGuidance: guidance ?? [] } : undefined;
  return {
    status: error.status,
    code: error.code,
    requestId: error.request_id ?? undefined,
    retryAfterMs: parseRetryAfter(headerValue(error.headers, 'retry-after') ?? bodyRetryAfter),
    rateLimitReason: typeof extra.rate_limit_reason === 'string' ? extra.rate_limit_reason : undefined,
    committed,
  };
}

function isAbortLike(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Maps anything a call can throw to a typed NotionError, with the token
 * redacted from the message. A caller's own abort is not mapped: the caller
 * checks its signal first and rethrows the abort reason.
 */
export function toNotionError(error: unknown, token?: string): NotionError {
  if (error instanceof NotionError) return error;
  const say = (m: string) => redact(m, token);
  if (APIResponseError.isAPIResponseError(error)) {
    const details = apiErrorDetails(error);
    const message = say(`Notion API ${error.status} ${error.code}: ${error.message}`);
    if (error.status === 429 && details.rateLimitReason === REQUEST_BLOCKED_REASON) {
      return new NotionRequestBlockedError(
        `${message} (Notion has restricted this integration's API access; requests are not retried. Contact Notion support, or use another integration)`,
        details,
      );
    }
    switch (error.status) {
      case 401:
        return new NotionAuthError(
          `${message} (the integration token is wrong or revoked: set a valid token)`,
          details,
        );
      case 403:
        return new NotionAuthError(`${message} (the integration lacks a capability for this request)`, details);
      case 404:
        return new NotionNotFoundError(`${message} (the object does not exist or is not shared with the integration)`, details);
      case 429:
        return new NotionRateLimitedError(message, details);
      case 409:
        return new NotionUnavailableError(message, { ...details, ambiguous: false });
      case 529:
        return new NotionUnavailableError(message, { ...details, ambiguous: false });
      default:
        if (error.status >= 500) return new NotionUnavailableError(message, details);
        return new NotionValidationError(message, details);
    }
  }
  if (UnknownHTTPResponseError.isUnknownHTTPResponseError(error)) {
    const status = error.status;
    const details: NotionErrorDetails = { status, retryAfterMs: parseRetryAfter(headerValue(error.headers, 'retry-after')) };
    const message = say(`Notion API answered HTTP ${status}: ${error.message}`);
    if (status === 401 || status === 403) return new NotionAuthError(message, details);
    if (status === 404) return new NotionNotFoundError(message, details);
    if (status === 429) return new NotionRateLimitedError(message, details);
    if (status >= 500 || status === 409) return new NotionUnavailableError(message, { ...details, ambiguous: status !== 529 });
    return new NotionValidationError(message, details);
  }
  if (RequestTimeoutError.isRequestTimeoutError(error) || (isAbortLike(error) && error.name === 'TimeoutError')) {
    return new NotionUnavailableError(say('Notion request timed out'), { code: 'timeout', cause: error });
  }
  if (isNotionClientError(error)) {
    return new NotionValidationError(say(error.message), { code: error.code, cause: error });
  }
  if (isAbortLike(error)) {
    // The request was cut without the caller asking: treat like a timeout.
    return new NotionUnavailableError(say(`Notion request aborted: ${error.message}`), { code: 'aborted', cause: error });
  }
  if (error instanceof SyntaxError) {
    return new NotionUnavailableError(say(`Notion sent an unreadable response: ${error.message}`), { code: 'bad_response' });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const text = error instanceof Error ? error.message : String(error);
  return new NotionUnavailableError(say(`Network error talking to Notion: ${text}${cause}`), { code: 'network' });
}
