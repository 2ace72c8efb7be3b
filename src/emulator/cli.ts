// `notion-sync emulator`: runs the emulator until SIGINT/SIGTERM. The first
// stdout line is the base URL, so scripts can read it.
import type { Knobs } from './knobs';
import { lineLogger } from './log';
import { startEmulator, type EmulatorOptions } from './server';
import { DEMO_IDS } from './seed';

export const EMULATOR_USAGE = [
  'usage: notion-sync emulator [--port N] [--host H] [--seed demo|empty] [--pages N] [--rows N] [--token T] [--verbose]',
  '  limits:  [--rate-limit R/s] [--requests-per-minute N] [--workspace-requests-per-minute N] [--workspace-window-seconds S] [--plan free|paid]',
  '  faults:  [--fault-rate F] [--fault-kinds 500,503,529,drop,503-committed] [--latency-ms MEDIAN] [--latency-p99-ms P99] [--search-lag-ms MS]',
  '  drift:   [--page-url-host www.notion.so|app.notion.com] [--callout-form tag|fenced] [--final-newline] [--trailing-spaces kept|stripped]',
  '           [--markdown-response requested|v1] [--markdown-api current|next]',
].join('\n');

export type CliOptions = EmulatorOptions & { verbose: boolean };

type Setter = (opts: CliOptions, value: string | undefined, flag: string) => void;

const num = (flag: string, v: string | undefined): number => {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number\n${EMULATOR_USAGE}`);
  return n;
};
const choice = <T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T => {
  if (!allowed.includes(v as T)) throw new Error(`${flag} must be ${allowed.join(' or ')}\n${EMULATOR_USAGE}`);
  return v as T;
};
const knob = <K extends keyof Knobs>(key: K, parse: (flag: string, v: string | undefined) => Knobs[K]): Setter => (o, v, f) => (o.knobs = { ...o.knobs, [key]: parse(f, v) });

/** Flags that take a value. */
const VALUED: Record<string, Setter> = {
  '--port': (o, v, f) => (o.port = num(f, v)),
  '--host': (o, v) => (o.host = v),
  '--seed': (o, v, f) => (o.seed = choice(f, v, ['demo', 'empty'] as const)),
  '--pages': (o, v, f) => (o.pages = num(f, v)),
  '--rows': (o, v, f) => (o.rows = num(f, v)),
  '--token': (o, v) => (o.token = v),
  '--rate-limit': (o, v, f) => (o.rateLimit = num(f, v)),
  '--fault-rate': (o, v, f) => (o.faultRate = Math.min(1, num(f, v))),
  '--latency-ms': (o, v, f) => (o.latencyMs = num(f, v)),
  '--requests-per-minute': knob('requestsPerMinute', (f, v) => Math.floor(num(f, v))),
  '--workspace-requests-per-minute': knob('workspaceRequestsPerMinute', (f, v) => Math.floor(num(f, v))),
  '--workspace-window-seconds': knob('workspaceWindowSeconds', (f, v) => Math.max(1, num(f, v))),
  '--latency-p99-ms': knob('latencyP99Ms', num),
  '--search-lag-ms': knob('searchLagMs', num),
  '--fault-kinds': knob('faultKinds', (f, v) => (v ?? '').split(',').map((k) => choice(f, k.trim(), ['500', '503', '529', 'drop', '503-committed'] as const))),
  '--page-url-host': knob('pageUrlHost', (f, v) => choice(f, v, ['www.notion.so', 'app.notion.com'] as const)),
  '--callout-form': knob('calloutForm', (f, v) => choice(f, v, ['tag', 'fenced'] as const)),
  '--trailing-spaces': knob('trailingSpaces', (f, v) => choice(f, v, ['kept', 'stripped'] as const)),
  '--markdown-response': knob('markdownResponse', (f, v) => choice(f, v, ['requested', 'v1'] as const)),
  '--plan': knob('plan', (f, v) => choice(f, v, ['free', 'paid'] as const)),
  '--markdown-api': knob('markdownApi', (f, v) => choice(f, v, ['current', 'next'] as const)),
};

export function parseEmulatorArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    const [flag, inline] = eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
    if (flag === '--verbose') opts.verbose = true;
    else if (flag === '--final-newline') opts.knobs = { ...opts.knobs, finalNewline: true };
    else if (flag === '--help' || flag === '-h') throw new Error(EMULATOR_USAGE);
    else if (VALUED[flag]) VALUED[flag](opts, inline ?? argv[++i], flag);
    else throw new Error(`unknown option ${flag}\n${EMULATOR_USAGE}`);
  }
  // A median alone gets a Notion-like tail: p99 four times the median.
  if (opts.latencyMs && opts.knobs?.latencyP99Ms === undefined) opts.knobs = { ...opts.knobs, latencyP99Ms: opts.latencyMs * 4 };
  return opts;
}

function describeKnobs(options: CliOptions): string[] {
  const k = options.knobs ?? {};
  return [
    options.rateLimit ? `rate limit ${options.rateLimit}/s` : '',
    k.requestsPerMinute ? `${k.requestsPerMinute} requests/min per token` : '',
    k.workspaceRequestsPerMinute ? `${k.workspaceRequestsPerMinute} requests per ${k.workspaceWindowSeconds ?? 60} s per workspace` : '',
    options.faultRate ? `fault rate ${options.faultRate}` : '',
    options.latencyMs ? `latency median ${options.latencyMs} ms, p99 ${k.latencyP99Ms ?? options.latencyMs} ms` : '',
    k.searchLagMs ? `search lag ${k.searchLagMs} ms` : '',
    k.plan ? `plan ${k.plan}` : '',
    k.pageUrlHost ? `page URLs on ${k.pageUrlHost}` : '',
    k.calloutForm ? `callouts as ${k.calloutForm}` : '',
    k.finalNewline ? 'final newline' : '',
    k.trailingSpaces === 'stripped' ? 'trailing spaces stripped' : '',
    k.markdownResponse === 'v1' ? 'markdown answered in v1' : '',
    k.markdownApi === 'next' ? 'markdown v2 by default, v1 refused' : '',
  ].filter(Boolean);
}

export async function runEmulatorCli(argv: string[]): Promise<void> {
  const { verbose, ...options } = parseEmulatorArgs(argv);
  const logger = lineLogger((l) => process.stderr.write(`${l}\n`), verbose ? 'debug' : 'warn');
  const started = Date.now();
  const emu = await startEmulator({ ...options, logger });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(emu.baseUrl);
  out(`Notion API emulator ready in ${Date.now() - started} ms (seed: ${options.seed ?? 'demo'}${options.pages ? `, +${options.pages} bench pages` : ''}).`);
  out(`  API:      ${emu.baseUrl}/v1  (Notion-Version 2025-09-03 or 2026-03-11; ${options.token ? 'bearer token required' : 'any bearer token'})`);
  out(`  Control:  ${emu.baseUrl}/__control/state`);
  if ((options.seed ?? 'demo') === 'demo') out(`  Root page: ${DEMO_IDS.rootPage}   Tasks data source: ${DEMO_IDS.tasksDataSource}`);
  const knobs = describeKnobs({ verbose, ...options });
  if (knobs.length) out(`  Knobs:    ${knobs.join(', ')}`);
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void emu.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
