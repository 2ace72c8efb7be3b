// Knob updates from the control API (POST /__control/knobs), validated: a bad
// value is a clear 400, never a silently ignored setting.
import { validationError } from './errors';
import { asArray, type Json } from './json';
import { KNOWN_FAULT_KINDS, type FaultKind, type Knobs } from './knobs';

const nonNegative = (name: string, v: unknown): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw validationError(`${name} should be a non-negative number, instead was \`${JSON.stringify(v)}\`.`);
  return n;
};

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw validationError(`${name} should be one of ${allowed.join(', ')}, instead was \`${JSON.stringify(v)}\`.`);
  return v as T;
}

const setters: { [K in keyof Knobs]: (k: Knobs, v: unknown) => void } = {
  rateLimit: (k, v) => (k.rateLimit = nonNegative('rateLimit', v)),
  requestsPerMinute: (k, v) => (k.requestsPerMinute = Math.floor(nonNegative('requestsPerMinute', v))),
  workspaceRequestsPerMinute: (k, v) => (k.workspaceRequestsPerMinute = Math.floor(nonNegative('workspaceRequestsPerMinute', v))),
  workspaceWindowSeconds: (k, v) => (k.workspaceWindowSeconds = Math.max(1, nonNegative('workspaceWindowSeconds', v))),
  blockedTokens: (k, v) => (k.blockedTokens = asArray(v).map(String)),
  faultRate: (k, v) => (k.faultRate = Math.min(1, nonNegative('faultRate', v))),
  latencyMs: (k, v) => (k.latencyMs = nonNegative('latencyMs', v)),
  latencyP99Ms: (k, v) => (k.latencyP99Ms = v === null ? null : nonNegative('latencyP99Ms', v)),
  failNext: (k, v) => (k.failNext = Math.floor(nonNegative('failNext', v))),
  faultKinds: (k, v) => (k.faultKinds = asArray(v).map((x) => oneOf('faultKinds[]', String(x), KNOWN_FAULT_KINDS)) as FaultKind[]),
  searchLagMs: (k, v) => (k.searchLagMs = nonNegative('searchLagMs', v)),
  pageUrlHost: (k, v) => (k.pageUrlHost = oneOf('pageUrlHost', v, ['www.notion.so', 'app.notion.com'] as const)),
  calloutForm: (k, v) => (k.calloutForm = oneOf('calloutForm', v, ['tag', 'fenced'] as const)),
  finalNewline: (k, v) => (k.finalNewline = v === true),
  trailingSpaces: (k, v) => (k.trailingSpaces = oneOf('trailingSpaces', v, ['kept', 'stripped'] as const)),
  markdownResponse: (k, v) => (k.markdownResponse = oneOf('markdownResponse', v, ['requested', 'v1'] as const)),
  plan: (k, v) => (k.plan = oneOf('plan', v, ['free', 'paid'] as const)),
  markdownApi: (k, v) => (k.markdownApi = oneOf('markdownApi', v, ['current', 'next'] as const)),
};

/** Applies the known keys of `body`; an unknown key is an error (a typo must not pass silently). */
export function applyKnobs(knobs: Knobs, body: Json): Knobs {
  const unknown = Object.keys(body).filter((key) => !(key in setters));
  if (unknown.length) throw validationError(`Unknown knobs: ${unknown.join(', ')} (known: ${Object.keys(setters).join(', ')}).`);
  // Validate everything first, so a bad value changes nothing.
  const next = { ...knobs };
  for (const [key, value] of Object.entries(body)) setters[key as keyof Knobs](next, value);
  return Object.assign(knobs, next);
}
