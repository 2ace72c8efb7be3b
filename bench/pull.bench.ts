// npx tsx bench/pull.bench.ts [pages] [rows]
// The whole engine (scan, discovery, queue, page sync, atomic writes, sql.js)
// pulling a generated workspace from the local emulator with the limiter
// opened up, so the figures are the engine's own cost. Then a pull with
// nothing changed, which must cost a handful of requests whatever the size.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_IDS, startEmulator } from '../src/emulator/server';
import { EmulatorControl } from '../src/emulator/controlClient';
import { nullLogger } from '../src/sync/logger';
import { openEngine } from '../src/sync/engine/open';
import { normaliseSettings } from '../src/sync/settings';

const PAGES = Number(process.argv[2] ?? 500);
const ROWS = Number(process.argv[3] ?? 500);
const NOTION_RPS = 3;
const NO_CHANGE_LIMIT = 5; // requests: "a handful, whatever the workspace size"

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0, seed: 'empty', pages: PAGES, rows: ROWS });
  const control = new EmulatorControl(emu.baseUrl);
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-pull-'));
  const opened = await openEngine({
    workspace,
    settings: normaliseSettings({ roots: [DEMO_IDS.benchRoot], apiBaseUrl: emu.baseUrl }),
    token: 'bench',
    logger: nullLogger,
    requestsPerSecond: 10_000,
  });
  try {
    const items = PAGES + ROWS + 1;
    // Model a real workspace: content written over time, the latest edit a few
    // minutes before the first pull. (Edit times are minute-rounded, so pages
    // edited in the cursor's own minute are listed again on every pull.)
    await control.advanceClock(3 * 60_000);
    await control.editPage(DEMO_IDS.benchRoot, { appendMarkdown: 'latest edit\n' });
    await control.advanceClock(2 * 60_000);
    await control.clearRequests();
    let t = performance.now();
    const first = await opened.engine.pull();
    const firstMs = performance.now() - t;
    const firstRequests = (await control.requests()).length;

    await control.clearRequests();
    t = performance.now();
    const second = await opened.engine.pull();
    const secondMs = performance.now() - t;
    const secondRequests = (await control.requests()).length;

    await control.advanceClock(3 * 60_000);
    await control.editPage(DEMO_IDS.benchRoot, { appendMarkdown: 'one more line\n' });
    await control.clearRequests();
    t = performance.now();
    const third = await opened.engine.pull();
    const thirdMs = performance.now() - t;
    const thirdRequests = (await control.requests()).length;

    const perItem = firstMs / items;
    console.log(`workspace: ${PAGES} pages + ${ROWS} database rows (${items} files)`);
    console.log(`first pull:      ${(firstMs / 1000).toFixed(2)} s, ${first.changes.length} files written, ${firstRequests} requests (${(firstRequests / items).toFixed(2)}/file)`);
    console.log(`  engine cost:   ${perItem.toFixed(2)} ms/file; at Notion's ${NOTION_RPS} req/s the same pull takes ≥ ${(firstRequests / NOTION_RPS).toFixed(0)} s,`);
    console.log(`                 so the engine uses ${((firstMs / 1000 / (firstRequests / NOTION_RPS)) * 100).toFixed(1)}% of the time the rate limit imposes (ratio ${(firstMs / 1000 / (firstRequests / NOTION_RPS)).toFixed(3)})`);
    console.log(`no-change pull:  ${secondMs.toFixed(0)} ms, ${second.changes.length} files written, ${secondRequests} requests (limit ${NO_CHANGE_LIMIT}: ratio ${(secondRequests / NO_CHANGE_LIMIT).toFixed(2)})`);
    console.log(`one-page edit:   ${thirdMs.toFixed(0)} ms, ${third.changes.length} file written, ${thirdRequests} requests`);
  } finally {
    await opened.close();
    await emu.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

void main();
