// npx tsx bench/pull.bench.ts [--quick] [--case 600/min]
// A first pull of a 1,000-file workspace (nested pages of mixed sizes plus a
// 500-row database) by the whole engine, from the emulator with Notion's
// per-connection budget and a 150 ms median latency (log-normal tail), at 180
// and at 600 requests/minute; then a setting above what the server grants.
// Figures: pages/s, requests per page, and efficiency against the budget's
// floor — the least time Notion's window allows for the requests made: a
// window's budget at once, so R requests wait ⌊(R−1)/N⌋ full windows. Goal ≥ 0.9.
// Not a timed test: it prints figures and ratios.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_IDS } from '../src/emulator/seed';
import { EmulatorControl } from '../src/emulator/controlClient';
import { nullLogger } from '../src/sync/logger';
import { openEngine } from '../src/sync/engine/open';
import { normaliseSettings } from '../src/sync/settings';
import { startEmulatorProcess } from './emulatorProcess';
import { buildWorkspace, LATENCY_MS, PER_SECTION, QUICK, ROWS, SECTIONS } from './pullWorkspace';
import { emit, type Figure } from './report';

const EFFICIENCY_GOAL = 0.9;

interface Case {
  label: string;
  serverPerMinute: number;
  settingPerMinute: number;
  sections: number;
}

/** How many requests fell in each 5-second slice of the run (to see where the time went). */
function timeline(times: number[]): number[] {
  const start = Math.min(...times);
  const counts: number[] = [];
  for (const t of times) {
    const slot = Math.floor((t - start) / 5000);
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0);
}

/** Requests per endpoint (ids elided), most first. */
function endpoints(log: Array<{ method: string; path: string }>): string {
  const counts = new Map<string, number>();
  for (const r of log) {
    const key = `${r.method} ${r.path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi, ':id')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
}

async function runCase(c: Case): Promise<Figure[]> {
  const latency = c.serverPerMinute ? ['--latency-ms', String(LATENCY_MS), '--latency-p99-ms', String(LATENCY_MS * 4)] : [];
  // The budget counts /v1 requests only: building the workspace through the control API spends none of it.
  const emu = await startEmulatorProcess(['--seed', 'empty', '--rows', String(ROWS), '--requests-per-minute', String(c.serverPerMinute), ...latency]);
  const control = new EmulatorControl(emu.baseUrl);
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-pull-'));
  try {
    await buildWorkspace(control, c.sections);
    await control.clearRequests();
    const settings = normaliseSettings({ roots: [DEMO_IDS.benchRoot], apiBaseUrl: emu.baseUrl, requestsPerMinute: c.settingPerMinute });
    const opened = await openEngine({ workspace, settings, token: 'bench', logger: nullLogger });
    const started = performance.now();
    const report = await opened.engine.pull();
    const seconds = (performance.now() - started) / 1000;
    await opened.close();
    const log = await control.requests();
    const accepted = log.filter((r) => r.status !== 429).length;
    const limited = log.length - accepted;
    const files = report.changes.length;
    // Notion's window lets N requests through per 60 s, in any burst: R requests need ⌊(R−1)/N⌋ full windows.
    const floor = c.serverPerMinute ? Math.floor((accepted - 1) / c.serverPerMinute) * 60 : 0;
    const efficiency = floor / seconds;
    // Within one window there is no floor to compare with: the pace is the engine's and the latency's.
    const efficiencyFigure: Figure =
      floor === 0
        ? { label: `${c.label}: efficiency vs budget floor`, value: c.serverPerMinute ? `n/a (${accepted} requests fit one window)` : 'n/a (no budget)' }
        : { label: `${c.label}: efficiency vs budget floor`, value: efficiency.toFixed(2), goal: `≥ ${EFFICIENCY_GOAL}`, ratio: efficiency / EFFICIENCY_GOAL, ok: efficiency >= EFFICIENCY_GOAL };
    console.log(`  requests per 5 s: ${timeline(log.map((r) => Date.parse(r.at))).join(' ')}`);
    console.log(`  by endpoint: ${endpoints(log)}`);
    console.log(`  ${c.label}: ${files} files, ${log.length} requests (${limited} answered 429), ${report.failed} failed, ${seconds.toFixed(1)} s, floor ${floor.toFixed(1)} s`);
    return [
      { label: `${c.label}: pages/s`, value: (files / seconds).toFixed(2) },
      { label: `${c.label}: requests per page`, value: (log.length / files).toFixed(2) },
      { label: `${c.label}: 429s / failed operations`, value: `${limited} / ${report.failed}`, goal: 'no failed operation', ok: report.failed === 0 },
      efficiencyFigure,
    ];
  } finally {
    await emu.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cases: Case[] = [
    { label: '180/min', serverPerMinute: 180, settingPerMinute: 180, sections: SECTIONS },
    { label: '600/min', serverPerMinute: 600, settingPerMinute: 600, sections: SECTIONS },
    // The pace this machine allows at all (engine and emulator CPU): no budget, no latency.
    { label: 'no budget, no latency', serverPerMinute: 0, settingPerMinute: 100_000, sections: SECTIONS },
    // Smaller: learning the server's budget takes two windows, the rest is the same pull.
    { label: 'setting 600, server 180', serverPerMinute: 180, settingPerMinute: 600, sections: QUICK ? SECTIONS : Math.ceil(SECTIONS / 2) },
  ];
  const only = process.argv.indexOf('--case');
  const picked = only < 0 ? cases : cases.filter((c) => c.label === process.argv[only + 1]);
  console.log(`pull: ${SECTIONS * (1 + PER_SECTION)} nested pages of mixed sizes + ${ROWS} database rows, ${LATENCY_MS} ms median latency`);
  const figures: Figure[] = [];
  for (const c of picked) figures.push(...(await runCase(c)));
  emit('pull', figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
