// npx tsx bench/gateway.bench.ts [pages-at-budget] [pages-unthrottled]
// Pulls pages' markdown through the gateway from the local emulator, twice:
// (1) with the default limiter (Notion's 3 requests/s), to show the gateway
// uses that budget fully and never exceeds it; (2) with the limiter opened
// up, to show the gateway's own overhead is far below what the budget allows.
import { DEMO_IDS, startEmulator } from '../src/emulator/server';
import { EmulatorControl } from '../src/emulator/controlClient';
import { NotionGateway, DEFAULT_REQUESTS_PER_SECOND } from '../src/sync/notion/gateway';

const BUDGET_PAGES = Number(process.argv[2] ?? 45);
const FREE_PAGES = Number(process.argv[3] ?? 1_000);
const CONCURRENCY = 4;
const NOTION_BUDGET = 3; // requests per second, Notion's documented average

interface Result {
  pages: number;
  requests: number;
  ms: number;
  bytes: number;
}

async function pullAll(pages: number, requestsPerSecond: number | undefined): Promise<Result> {
  const emu = await startEmulator({ port: 0, seed: 'empty', pages });
  try {
    const control = new EmulatorControl(emu.baseUrl);
    const gw = new NotionGateway({ token: 'bench', baseUrl: emu.baseUrl, ...(requestsPerSecond ? { requestsPerSecond } : {}) });
    await control.clearRequests();
    const started = performance.now();
    const children = await gw.listChildPages(DEMO_IDS.benchRoot);
    const queue = children.filter((c) => c.type === 'page').map((c) => c.id);
    let bytes = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const body = await gw.pullBody(id);
          bytes += body.markdown.length;
        }
      }),
    );
    const ms = performance.now() - started;
    const served = (await control.requests()).length;
    if (served !== gw.stats.requests) throw new Error(`gateway counted ${gw.stats.requests} requests, emulator saw ${served}`);
    return { pages: children.length, requests: gw.stats.requests, ms, bytes };
  } finally {
    await emu.close();
  }
}

function report(label: string, r: Result): number {
  const perSecond = r.requests / (r.ms / 1000);
  console.log(label);
  console.log(`  pages pulled              ${r.pages}`);
  console.log(`  requests made             ${r.requests}  (${(r.requests / r.pages).toFixed(2)} per page)`);
  console.log(`  elapsed                   ${(r.ms / 1000).toFixed(2)} s`);
  console.log(`  pages/s                   ${(r.pages / (r.ms / 1000)).toFixed(1)}`);
  console.log(`  requests/s                ${perSecond.toFixed(2)}`);
  console.log(`  ratio to Notion's 3 req/s ${(perSecond / NOTION_BUDGET).toFixed(2)}×`);
  return perSecond;
}

async function main(): Promise<void> {
  const budget = await pullAll(BUDGET_PAGES, undefined);
  const rate = report(`At the default limit (${DEFAULT_REQUESTS_PER_SECOND} req/s, burst ${DEFAULT_REQUESTS_PER_SECOND}), ${CONCURRENCY} concurrent pulls:`, budget);
  // The bucket starts full, so a run may exceed the average by the burst only
  // (the ratio above includes that opening burst; it tends to 1.00× on long runs).
  const allowed = (budget.ms / 1000) * NOTION_BUDGET + DEFAULT_REQUESTS_PER_SECOND;
  const within = budget.requests <= Math.floor(allowed + 0.5);
  const steady = (budget.requests - DEFAULT_REQUESTS_PER_SECOND) / (budget.ms / 1000);
  console.log(`  steady rate after burst   ${steady.toFixed(2)} req/s (${((steady / NOTION_BUDGET) * 100).toFixed(0)}% of the budget)`);
  console.log(`  verdict                   ${within ? 'OK' : 'OVER'}: ${budget.requests} requests, at most ${Math.floor(allowed + 0.5)} allowed in ${(budget.ms / 1000).toFixed(2)} s (rate ${rate.toFixed(2)} incl. burst)`);
  console.log('');
  const free = await pullAll(FREE_PAGES, 100_000);
  report('Limiter opened up (gateway + SDK + emulator overhead only):', free);
  const headroom = free.requests / (free.ms / 1000) / NOTION_BUDGET;
  console.log(`  headroom                  the gateway could drive ${headroom.toFixed(0)}× Notion's budget; the limit is the only brake`);
  if (!within) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
