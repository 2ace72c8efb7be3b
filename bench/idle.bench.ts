// npx tsx bench/idle.bench.ts [pages]
// An idle sync of a large mapped workspace: 10,000 pages pulled once (limiter
// opened up; that pull is not what is measured), their edits spread over
// months, then a sync with nothing changed. It must cost a handful of requests
// whatever the size, and little local time. Not a timed test.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_IDS } from '../src/emulator/seed';
import { startEmulatorProcess } from './emulatorProcess';
import { EmulatorControl } from '../src/emulator/controlClient';
import { nullLogger } from '../src/sync/logger';
import { openEngine } from '../src/sync/engine/open';
import { normaliseSettings } from '../src/sync/settings';
import { emit, median } from './report';

const PAGES = Number(process.argv[2] ?? 10_000);
const GOAL_REQUESTS = 3;
const GOAL_MS = 1_000;
const DAY = 24 * 3600_000;

async function main(): Promise<void> {
  // In its own process, as in the pull bench: Notion's CPU (the emulator answering search) is not the engine's time.
  const emu = await startEmulatorProcess(['--seed', 'empty', '--pages', String(PAGES)]);
  const control = new EmulatorControl(emu.baseUrl);
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-idle-'));
  const opened = await openEngine({
    workspace,
    settings: normaliseSettings({ roots: [DEMO_IDS.benchRoot], apiBaseUrl: emu.baseUrl }),
    token: 'bench',
    logger: nullLogger,
    requestsPerSecond: 10_000,
  });
  try {
    // Edits spread over twelve weeks, the latest a few minutes before the first pull.
    const children = (await control.state()).pages.filter((p) => p.parentId === DEMO_IDS.benchRoot).map((p) => p.id);
    for (let week = 0; week < 12; week++) {
      await control.advanceClock(7 * DAY);
      for (const id of children.slice(week * 20, week * 20 + 20)) await control.editPage(id, { appendMarkdown: `edit in week ${week}\n` });
    }
    await control.advanceClock(5 * 60_000);
    const t0 = performance.now();
    const first = await opened.engine.pull();
    const firstS = (performance.now() - t0) / 1000;
    // The first scan after a pull reads the files the pull wrote once (the index learns them); shown apart.
    const t1 = performance.now();
    await opened.engine.sync();
    const settleMs = performance.now() - t1;
    const runs: number[] = [];
    let idle = first;
    let requests: Awaited<ReturnType<typeof control.requests>> = [];
    for (let i = 0; i < 3; i++) {
      await control.clearRequests();
      const t = performance.now();
      idle = await opened.engine.sync();
      runs.push(performance.now() - t);
      requests = await control.requests();
    }
    const idleMs = median(runs);
    console.log(`idle: ${PAGES} pages mapped (first pull ${first.changes.length} files in ${firstS.toFixed(0)} s); idle sync: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    emit('idle', [
      { label: `idle sync of ${PAGES} mapped pages: requests`, value: String(requests.length), goal: `≤ ${GOAL_REQUESTS}`, ratio: requests.length / GOAL_REQUESTS, ok: requests.length <= GOAL_REQUESTS },
      { label: '  time (scan + plan + requests), median of 3', value: `${idleMs.toFixed(0)} ms`, goal: `< ${GOAL_MS} ms`, ratio: idleMs / GOAL_MS, ok: idleMs < GOAL_MS },
      { label: '  first sync after the pull (index learns the files)', value: `${settleMs.toFixed(0)} ms` },
      { label: '  files written', value: String(idle.changes.length), goal: '0', ok: idle.changes.length === 0 },
    ]);
  } finally {
    await opened.close();
    await emu.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
