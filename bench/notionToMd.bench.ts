// npx tsx bench/notionToMd.bench.ts [--quick]
// The pull of pull.bench.ts side by side with notion-to-md (npm, 3.1.9), in one
// run, on one emulator (600 requests/minute per token, 150 ms median latency
// with a log-normal tail), each with its own token so each has its own budget.
// notion-to-md is used as its README shows: list the pages (search, with the
// same @notionhq/client), then for each page `pageToMarkdown` and
// `toMarkdownString`, written to a file. It reads pages through the block API
// and writes no frontmatter, links no files and keeps no state: it does less
// than the engine. Goal: the engine ≥ 2× faster.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, isFullPage } from '@notionhq/client';
import { NotionToMarkdown } from 'notion-to-md';
import { DEMO_IDS } from '../src/emulator/seed';
import { EmulatorControl } from '../src/emulator/controlClient';
import { nullLogger } from '../src/sync/logger';
import { openEngine } from '../src/sync/engine/open';
import { normaliseSettings } from '../src/sync/settings';
import { startEmulatorProcess } from './emulatorProcess';
import { buildWorkspace, LATENCY_MS, PER_SECTION, ROWS, SECTIONS } from './pullWorkspace';
import { emit, type Figure } from './report';

const PER_MINUTE = 600;
const GOAL = 2;

interface Pulled {
  files: number;
  seconds: number;
  requests: number;
}

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-n2m-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function requestsOf(control: EmulatorControl, run: () => Promise<number>): Promise<Pulled> {
  await control.clearRequests();
  const started = performance.now();
  const files = await run();
  const seconds = (performance.now() - started) / 1000;
  return { files, seconds, requests: (await control.requests()).length };
}

function engine(baseUrl: string, control: EmulatorControl): Promise<Pulled> {
  return withDir((workspace) =>
    requestsOf(control, async () => {
      const settings = normaliseSettings({ roots: [DEMO_IDS.benchRoot], apiBaseUrl: baseUrl, requestsPerMinute: PER_MINUTE });
      const opened = await openEngine({ workspace, settings, token: 'engine', logger: nullLogger });
      try {
        return (await opened.engine.pull()).changes.length;
      } finally {
        await opened.close();
      }
    }),
  );
}

/** Every page the token can see, through search (what a notion-to-md script lists). */
async function listPages(notion: Client): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await notion.search({ filter: { property: 'object', value: 'page' }, start_cursor: cursor, page_size: 100 });
    for (const r of page.results) if (isFullPage(r) && !r.in_trash) ids.push(r.id);
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return ids;
}

function notionToMd(baseUrl: string, control: EmulatorControl): Promise<Pulled> {
  return withDir((dir) =>
    requestsOf(control, async () => {
      // The SDK's default retries (429s included) are on, as in a script that uses it.
      const notion = new Client({ auth: 'notion-to-md', baseUrl });
      const n2m = new NotionToMarkdown({ notionClient: notion });
      const ids = await listPages(notion);
      for (const id of ids) {
        const blocks = await n2m.pageToMarkdown(id);
        await writeFile(path.join(dir, `${id}.md`), n2m.toMarkdownString(blocks).parent ?? '');
      }
      return ids.length;
    }),
  );
}

function describe(label: string, p: Pulled): string {
  return `  ${label}: ${p.files} files, ${p.requests} requests, ${p.seconds.toFixed(1)} s (${(p.files / p.seconds).toFixed(2)} pages/s)`;
}

async function main(): Promise<void> {
  const emu = await startEmulatorProcess(['--seed', 'empty', '--rows', String(ROWS), '--requests-per-minute', String(PER_MINUTE), '--latency-ms', String(LATENCY_MS), '--latency-p99-ms', String(LATENCY_MS * 4)]);
  try {
    const control = new EmulatorControl(emu.baseUrl);
    await buildWorkspace(control, SECTIONS);
    console.log(`notion-to-md: ${SECTIONS * (1 + PER_SECTION)} nested pages + ${ROWS} database rows, ${PER_MINUTE}/min per token, ${LATENCY_MS} ms median latency`);
    const ours = await engine(emu.baseUrl, control);
    console.log(describe('engine', ours));
    const theirs = await notionToMd(emu.baseUrl, control);
    console.log(describe('notion-to-md', theirs));
    const ratio = theirs.seconds / theirs.files / (ours.seconds / ours.files);
    const figures: Figure[] = [
      { label: 'engine: time · pages/s', value: `${ours.seconds.toFixed(1)} s · ${(ours.files / ours.seconds).toFixed(2)}` },
      { label: 'notion-to-md: time · pages/s', value: `${theirs.seconds.toFixed(1)} s · ${(theirs.files / theirs.seconds).toFixed(2)}` },
      { label: 'requests per page: engine · notion-to-md', value: `${(ours.requests / ours.files).toFixed(2)} · ${(theirs.requests / theirs.files).toFixed(2)}` },
      { label: 'engine speed vs notion-to-md (per page)', value: `${ratio.toFixed(2)}×`, goal: `≥ ${GOAL}×`, ratio: ratio / GOAL, ok: ratio >= GOAL },
    ];
    emit('notion-to-md', figures);
  } finally {
    await emu.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
