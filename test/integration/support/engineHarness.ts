// Starts the emulator and opens a real engine (real sql.js, real SDK over HTTP)
// on a fresh temp workspace. Shared by the engine's integration suites.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator, type EmulatorOptions } from '../../../src/emulator/server';
import { EmulatorControl } from '../../../src/emulator/controlClient';
import { DEMO_IDS } from '../../../src/emulator/seed';
import { MemoryLogger } from '../../../src/sync/logger';
import { normaliseSettings, type SyncSettings } from '../../../src/sync/settings';
import { openEngine, type OpenedEngine } from '../../../src/sync/engine/open';

export { DEMO_IDS };

export interface Harness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  workspace: string;
  logger: MemoryLogger;
  /** Moves the engine's clock forward, as if time passed between pulls. */
  advance(ms: number): void;
  open(overrides?: Partial<SyncSettings>, opts?: { dryRun?: boolean; statePath?: string; fetch?: typeof fetch }): Promise<OpenedEngine>;
  close(): Promise<void>;
}

export async function startHarness(emulatorOptions: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, seed: 'demo', ...emulatorOptions });
  const control = new EmulatorControl(emulator.baseUrl);
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-engine-'));
  const logger = new MemoryLogger();
  const opened: OpenedEngine[] = [];
  let offset = 0;
  return {
    advance(ms) {
      offset += ms;
    },
    emulator,
    control,
    workspace,
    logger,
    async open(overrides = {}, opts = {}) {
      const settings = normaliseSettings({ roots: [DEMO_IDS.rootPage], apiBaseUrl: emulator.baseUrl, ...overrides });
      const e = await openEngine({
        workspace,
        settings,
        token: 'secret_test_token',
        logger,
        requestsPerSecond: 200,
        dryRun: opts.dryRun,
        statePath: opts.statePath,
        fetch: opts.fetch,
        now: () => Date.now() + offset,
      });
      opened.push(e);
      return e;
    },
    async close() {
      for (const e of opened) await e.close().catch(() => undefined);
      await emulator.close();
      await rm(workspace, { recursive: true, force: true });
    },
  };
}

/** Every file under dir (workspace-relative posix paths), skipping the engine's own folder unless asked. */
export async function listFiles(dir: string, opts: { includeEngine?: boolean } = {}): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (!opts.includeEngine && child === '.notion-sync') continue;
      if (entry.isDirectory()) await walk(child);
      else out.push(child);
    }
  }
  await walk('');
  return out.sort();
}

export function readText(workspace: string, rel: string): Promise<string> {
  return readFile(path.join(workspace, rel), 'utf8');
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Registers mocha hooks giving each test of the suite a fresh harness (handed to `use`), closed after it. */
export function harnessPerTest(use: (h: Harness) => void, options: EmulatorOptions = {}): void {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startHarness(options);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

/** A page's Notion-flavored Markdown v2, as the engine reads it (signed file URLs and all). */
export async function markdownV2(h: Harness, id: string): Promise<string> {
  const res = await fetch(`${h.emulator.baseUrl}/v1/pages/${id}/markdown?markdown_version=v2`, { headers: { authorization: 'Bearer secret_test_token', 'notion-version': '2026-03-11' } });
  if (res.status !== 200) throw new Error(`markdown of ${id}: HTTP ${res.status}`);
  return ((await res.json()) as { markdown: string }).markdown;
}
