// npx tsx bench/activation.bench.ts [runs]
// Activation time of the packaged extension in a real VS Code (code-server,
// installed by scripts/install-tools.sh), opened by Chromium on an empty
// folder, as many times as asked (default 3, median printed), and the .vsix
// size. Two figures per start: the extension's own timing of activate()
// (its "activated in N ms" log line), and the extension host's trace from the
// start of activation to the activate() call (loading the bundle). Not a timed
// test: it prints figures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error: plain ESM helpers shared with test/vscode and the demo (no types)
import { createProfile, ensureTools, findExthostLogs, findLogs, installExtensions, launchChromium, sleep, startCodeServer, writeUserSettings } from '../scripts/code-server.mjs';
import { emit, median, type Figure } from './report';

const ROOT = path.resolve(__dirname, '..');
const EXTENSION_ID = 'notion-sync.notion-sync';
const RUNS = Number(process.argv[2] ?? 3);
const ACTIVATED = /activated in (\d+) ms/;

interface Profile {
  root: string;
  userDataDir: string;
}

function buildVsix(): string {
  const built = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, encoding: 'utf8' });
  const file = path.join(ROOT, 'out', 'notion-sync.vsix');
  if (built.status !== 0 || !existsSync(file)) throw new Error(`npm run package failed: ${(built.stderr || built.stdout).trim().split('\n').pop()}`);
  return file;
}

function stamp(line: string | undefined): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line ?? '');
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : undefined;
}

/** From the extension host's trace: the start of activation to the activate() call. */
function loadMs(profile: Profile): number | undefined {
  const file = (findExthostLogs(profile) as string[]).at(-1);
  if (!file) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = stamp(lines.find((l) => l.includes(`_doActivateExtension ${EXTENSION_ID},`)));
  const call = stamp(lines.find((l) => l.includes(`_callActivateOptional ${EXTENSION_ID}`) && !l.includes(`${EXTENSION_ID}-`)));
  return start !== undefined && call !== undefined ? call - start : undefined;
}

/** The extension's "activated in N ms" line in its output channel's log, once written. */
function activateMs(profile: Profile): number | undefined {
  for (const file of findLogs(profile, 'Notion Sync') as string[]) {
    const m = ACTIVATED.exec(readFileSync(file, 'utf8'));
    if (m) return Number(m[1]);
  }
  return undefined;
}

async function oneStart(vsix: string, run: number): Promise<{ activate: number; load: number | undefined; sinceOpen: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ns-bench-activation-'));
  const profile = createProfile(path.join(dir, 'profile')) as Profile;
  writeUserSettings(profile, {});
  installExtensions(profile, [vsix]);
  // Trace: the extension host then logs the steps of an activation, with times.
  const server = await startCodeServer({ profile, workspace: path.join(dir, 'workspace'), extraArgs: ['--log', 'trace'] });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const opened = Date.now();
    await page.goto(server.workspaceUrl);
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
      const activate = activateMs(profile);
      if (activate !== undefined) return { activate, load: loadMs(profile), sinceOpen: Date.now() - opened };
    }
    throw new Error(`run ${run}: no "activated in" line within 120 s`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureTools({ quiet: true });
  const vsix = buildVsix();
  const results = [];
  for (let run = 1; run <= RUNS; run++) {
    const r = await oneStart(vsix, run);
    console.log(`  start ${run}: activate() ${r.activate} ms, bundle load ${r.load ?? '?'} ms, seen ${r.sinceOpen} ms after the page was opened`);
    results.push(r);
  }
  const loads = results.flatMap((r) => (r.load === undefined ? [] : [r.load]));
  const figures: Figure[] = [
    { label: `activate() in code-server, median of ${RUNS}`, value: `${median(results.map((r) => r.activate))} ms` },
    { label: 'bundle load before activate(), median', value: loads.length ? `${median(loads)} ms` : 'not in the log' },
    { label: 'workbench opened to activated, median', value: `${median(results.map((r) => r.sinceOpen))} ms` },
    { label: '.vsix size', value: `${(statSync(vsix).size / 1024).toFixed(0)} KB` },
  ];
  emit('activation', figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
