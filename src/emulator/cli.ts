// `notion-sync emulator`: runs the emulator until SIGINT/SIGTERM. The first
// stdout line is the base URL, so scripts can read it.
import { lineLogger } from './log';
import { startEmulator, type EmulatorOptions } from './server';
import { DEMO_IDS } from './seed';

export const EMULATOR_USAGE =
  'usage: notion-sync emulator [--port N] [--host H] [--seed demo|empty] [--pages N] [--rows N] [--token T] [--rate-limit R] [--fault-rate F] [--latency-ms MS] [--verbose]';

export function parseEmulatorArgs(argv: string[]): EmulatorOptions & { verbose: boolean } {
  const opts: EmulatorOptions & { verbose: boolean } = { verbose: false };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number\n${EMULATOR_USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        opts.port = num(flag, value());
        break;
      case '--host':
        opts.host = value();
        break;
      case '--seed': {
        const v = value();
        if (v !== 'demo' && v !== 'empty') throw new Error(`--seed must be demo or empty\n${EMULATOR_USAGE}`);
        opts.seed = v;
        break;
      }
      case '--pages':
        opts.pages = num(flag, value());
        break;
      case '--rows':
        opts.rows = num(flag, value());
        break;
      case '--token':
        opts.token = value();
        break;
      case '--rate-limit':
        opts.rateLimit = num(flag, value());
        break;
      case '--fault-rate':
        opts.faultRate = Math.min(1, num(flag, value()));
        break;
      case '--latency-ms':
        opts.latencyMs = num(flag, value());
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--help':
      case '-h':
        throw new Error(EMULATOR_USAGE);
      default:
        throw new Error(`unknown option ${flag}\n${EMULATOR_USAGE}`);
    }
  }
  return opts;
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
  const knobs = [options.rateLimit ? `rate limit ${options.rateLimit}/s` : '', options.faultRate ? `fault rate ${options.faultRate}` : '', options.latencyMs ? `latency ${options.latencyMs} ms` : ''].filter(Boolean);
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
