// The `vscode` stage of `npm test`: the extension inside a real VS Code.
//  1. packages out/notion-sync.vsix (`npm run package`) unless it is newer than its inputs;
//  2. installs the tools (scripts/install-tools.sh) when .tools/ lacks them;
//  3. builds the test companion (test/vscode/companion + suite/*.test.ts) into a vsix;
//  4. installs both into a fresh code-server profile under .test-output/vscode/,
//     starts code-server on a free loopback port and opens the workspace in
//     Chromium, which starts the extension host; the companion runs the in-host
//     suites and writes results.json, which this script waits for;
//  4b. opens a second window on a .code-workspace of two folders, where the
//     companion runs the multi-root suite alone (results.multiroot.json);
//  5. runs the Playwright specs (test/e2e/*.spec.ts, mocha + playwright-core)
//     against the same code-server, screenshots in .test-output/screenshots/;
//  6. prints one summary and exits non-zero on any failure.
// Env: VSCODE_TEST_GREP (in-host suites), E2E_GREP (specs), SKIP_E2E=1, HEADED=1,
// VSCODE_TEST_TIMEOUT_MS (default 180000, waiting for the in-host results).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT,
  createProfile,
  ensureTools,
  findExthostLogs,
  installExtensions,
  killAllStartedSync,
  launchChromium,
  listExtensions,
  readTail,
  sleep,
  startCodeServer,
  writeUserSettings,
} from '../../scripts/code-server.mjs';
import { buildCompanion } from './build-companion.mjs';

const started = Date.now();
const OUT = path.join(ROOT, '.test-output');
const RUN_DIR = path.join(OUT, 'vscode');
const SCREENSHOTS = path.join(OUT, 'screenshots');
const VSIX = path.join(ROOT, 'out/notion-sync.vsix');
const RESULTS = path.join(RUN_DIR, 'results.json');
const MULTI_RESULTS = path.join(RUN_DIR, 'results.multiroot.json'); // the companion's name for a multi-root window's results
const ACTIVATION = path.join(RUN_DIR, 'activation.json'); // written by test/e2e/activation.spec.ts
const EXTENSION_ID = 'notion-sync.notion-sync';
const RESULTS_TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 180_000);

const log = (msg) => console.log(`[vscode] ${msg}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const summary = [];
const children = new Set(); // the e2e mocha process, while it runs
let browser;

// Whatever happens, no code-server, browser or spec runner outlives this script.
const cleanup = () => {
  for (const child of children) child.kill('SIGKILL');
  killAllStartedSync();
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n[vscode] ${sig}: stopping code-server, the browser and the spec runner`);
    cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

try {
  await main();
} catch (err) {
  console.error(`[vscode] ${err instanceof Error ? err.stack : err}`);
  summary.push({ name: 'harness', ok: false, detail: err instanceof Error ? err.message.split('\n')[0] : String(err) });
} finally {
  await browser?.close().catch(() => {});
  killAllStartedSync();
}
printSummary();

async function main() {
  mkdirSync(OUT, { recursive: true });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });

  packageExtension();
  const vsixSize = statSync(VSIX).size;
  const vsixFiles = listVsix(VSIX);
  log(`vsix: ${path.relative(ROOT, VSIX)} ${(vsixSize / 1024).toFixed(1)} KB, ${vsixFiles.length} files: ${vsixFiles.join(', ')}`);

  const t0 = Date.now();
  ensureTools();
  log(`tools ready (${secs(Date.now() - t0)})`);
  const companionVsix = await buildCompanion({ log });

  const profile = createProfile(path.relative(ROOT, path.join(RUN_DIR, 'profile')));
  // Outside the repository, so the workbench finds no parent git repo.
  const workspace = makeWorkspace(path.join(os.tmpdir(), `notion-sync-vscode-test-${process.pid}`));
  process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));
  writeUserSettings(profile, {});
  const t1 = Date.now();
  installExtensions(profile, [VSIX, companionVsix]);
  const installed = listExtensions(profile);
  log(`installed into ${path.relative(ROOT, profile.extensionsDir)} (${secs(Date.now() - t1)}): ${installed.join(', ')}`);
  if (!installed.some((e) => e.startsWith(`${EXTENSION_ID}@`))) throw new Error(`${EXTENSION_ID} is not listed after install`);

  rmSync(RESULTS, { force: true });
  rmSync(MULTI_RESULTS, { force: true });
  rmSync(ACTIVATION, { force: true });
  const t2 = Date.now();
  const server = await startCodeServer({
    profile,
    workspace,
    env: { NOTION_SYNC_TEST_RESULTS: RESULTS, NOTION_SYNC_TEST_GREP: process.env.VSCODE_TEST_GREP ?? '' },
    extraArgs: ['--log', 'trace'],
  });
  log(`code-server ${server.url} pid ${server.pid} (${secs(Date.now() - t2)})`);

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.workspaceUrl);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  log(`workbench loaded (${secs(Date.now() - t2)} after start)`);

  // In-host suites.
  const results = await waitForResults(profile, server, RESULTS_TIMEOUT_MS);
  await page.close();
  const inHostOk = reportInHost(results, profile);
  summary.push({ name: 'in-host suites', ok: inHostOk, detail: statsLine(results) });

  const multi = await runMultiRoot(server, profile);
  summary.push({ name: 'multi-root suite', ok: reportInHost(multi, profile), detail: statsLine(multi) });

  // Playwright specs against the same code-server (the companion sees its results file and stays idle).
  if (process.env.SKIP_E2E === '1') {
    log('e2e skipped (SKIP_E2E=1)');
  } else {
    await browser.close();
    browser = undefined;
    const e2e = await runE2e(server);
    summary.push({ name: 'e2e specs', ok: e2e.ok, detail: e2e.detail });
  }
  await server.stop();

  const activation = reportActivation(results, profile);
  const figures = { vsixBytes: vsixSize, vsixFiles, activation, vscodeVersion: results.vscodeVersion, pageErrors };
  writeFileSync(path.join(RUN_DIR, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
}

/** Rebuilds the vsix unless it is newer than everything that goes into it. */
function packageExtension() {
  const inputs = ['src', 'media', 'schema', 'package.json', 'esbuild.mjs', '.vscodeignore', 'README.md'].map((p) => path.join(ROOT, p));
  const newest = Math.max(...inputs.filter(existsSync).map(newestMtime));
  if (existsSync(VSIX) && statSync(VSIX).mtimeMs > newest) {
    log('out/notion-sync.vsix is fresh: not repackaging');
    return;
  }
  const t = Date.now();
  const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  log(`packaged with vsce (${secs(Date.now() - t)})`);
}

function newestMtime(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

function listVsix(file) {
  const r = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  if (r.status !== 0) return ['(unzip failed)'];
  return r.stdout.split('\n').filter((f) => f.startsWith('extension/') && !f.endsWith('/')).map((f) => f.slice('extension/'.length));
}

/** A throw-away copy of test/vscode/fixtures/workspace. */
function makeWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'test/vscode/fixtures/workspace'), dir, { recursive: true });
  return dir;
}

/**
 * A second window on a workspace file of two folders (docs/ and site/, each synced on
 * its own): the companion there runs the multi-root suite alone. A screenshot shows
 * the Source Control view the suite leaves open, one Notion provider per folder.
 */
async function runMultiRoot(server, profile) {
  const dir = path.join(os.tmpdir(), `notion-sync-multiroot-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  for (const name of ['docs', 'site']) mkdirSync(path.join(dir, name), { recursive: true });
  const file = path.join(dir, 'notion-sync-test.code-workspace');
  writeFileSync(file, `${JSON.stringify({ folders: [{ path: 'docs' }, { path: 'site' }], settings: {} }, null, 2)}\n`);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const t = Date.now();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  rmSync(`${MULTI_RESULTS}.started`, { force: true });
  await page.goto(`${server.url}?workspace=${encodeURIComponent(file)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // Seen under load: a window whose test companion never started its suite. Reload such a
  // window once; a suite that started and did not finish is a failure, never retried.
  if (!(await waitForFile(`${MULTI_RESULTS}.started`, 45_000))) {
    log('the multi-root window did not start its suite in 45 s: reloading it once');
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }
  const results = await waitForResults(profile, server, RESULTS_TIMEOUT_MS, MULTI_RESULTS);
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'multi-root-source-control.png') });
  await page.close();
  log(`multi-root window done (${secs(Date.now() - t)})`);
  return results;
}

async function waitForFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}

async function waitForResults(profile, server, timeoutMs, file = RESULTS) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (server.exited) throw new Error(`code-server exited while the suites ran (${JSON.stringify(server.exited)}); log:\n${readTail(server.logFile)}`);
    if (Date.now() > deadline) {
      const exthost = findExthostLogs(profile).at(-1);
      throw new Error(
        `no in-host results after ${secs(timeoutMs)} (${path.relative(ROOT, file)})\n--- ${exthost ?? 'no extension host log'}\n${readTail(exthost, 120)}`,
      );
    }
    await sleep(250);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function reportInHost(results, profile) {
  console.log(`\n[vscode] in-host suites (VS Code ${results.vscodeVersion})`);
  if (results.fatal) {
    console.log(`  FATAL ${results.fatal}`);
    printExthostLog(profile);
    return false;
  }
  for (const t of results.tests ?? []) {
    const mark = t.state === 'passed' ? 'ok  ' : t.state === 'pending' ? 'skip' : 'FAIL';
    console.log(`  ${mark} ${t.fullTitle}${t.state === 'passed' ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(`       ${(t.error.stack ?? t.error.message).split('\n').slice(0, 8).join('\n       ')}`);
  }
  console.log(`in-host: ${statsLine(results)}`);
  const ok = results.stats && results.stats.failures === 0 && results.stats.tests > 0;
  if (!ok) printExthostLog(profile);
  return Boolean(ok);
}

function statsLine(results) {
  if (!results.stats) return 'no stats';
  const s = results.stats;
  return `${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`;
}

function printExthostLog(profile) {
  const file = findExthostLogs(profile).at(-1);
  console.log(`--- ${file ? path.relative(ROOT, file) : 'no extension host log found'}`);
  if (file) console.log(readTail(file, 80));
}

/**
 * Activation figures from three places: VS Code's own measurement shown in
 * "Developer: Show Running Extensions" (code loading + activate call, read by
 * test/e2e/activation.spec.ts), the in-host suite's timing of ext.activate()
 * when it got there first, and the extension host's trace log (from
 * `_doActivateExtension` to `_callActivateOptional`: loading the bundle and
 * building the extension context, before activate() runs).
 */
function reportActivation(results, profile) {
  const figures = {};
  if (existsSync(ACTIVATION)) figures.runningExtensionsMs = JSON.parse(readFileSync(ACTIVATION, 'utf8')).activationMs;
  if (typeof results.metrics?.activationMs === 'number') figures.suiteActivateMs = results.metrics.activationMs;
  const file = findExthostLogs(profile).at(-1);
  if (file) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const stamp = (line) => {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line ?? '');
      return m ? Date.parse(`${m[1]}T${m[2]}Z`) : undefined;
    };
    const start = stamp(lines.find((l) => l.includes(`_doActivateExtension ${EXTENSION_ID},`)));
    const call = stamp(lines.find((l) => l.includes(`_callActivateOptional ${EXTENSION_ID}`) && !l.includes(`${EXTENSION_ID}-`)));
    if (start !== undefined && call !== undefined) figures.logLoadMs = call - start;
  }
  const parts = [];
  if (figures.runningExtensionsMs !== undefined) parts.push(`${figures.runningExtensionsMs} ms (VS Code's Running Extensions: load + activate)`);
  if (figures.suiteActivateMs !== undefined) parts.push(`${figures.suiteActivateMs} ms (ext.activate() timed in-host)`);
  if (figures.logLoadMs !== undefined) parts.push(`${figures.logLoadMs} ms (exthost log: activation start to activate() call)`);
  log(`activation time: ${parts.length ? parts.join('; ') : 'not measured'}`);
  return figures;
}

async function runE2e(server) {
  const specs = existsSync(path.join(ROOT, 'test/e2e'))
    ? readdirSync(path.join(ROOT, 'test/e2e')).filter((f) => /\.spec\.(ts|mjs)$/.test(f)).sort().map((f) => `test/e2e/${f}`)
    : [];
  if (specs.length === 0) return { ok: true, detail: 'no specs' };
  console.log(`\n[vscode] e2e specs: ${specs.join(' ')}`);
  const args = ['--config', '.mocharc.json', '--timeout', '90000', ...specs];
  if (process.env.E2E_GREP) args.push('--grep', process.env.E2E_GREP);
  const child = spawn(path.join(ROOT, 'node_modules/.bin/mocha'), args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, E2E_URL: server.workspaceUrl, E2E_WORKSPACE: server.workspace, E2E_SCREENSHOTS: SCREENSHOTS, E2E_USER_DATA: server.profile.userDataDir, E2E_OUTPUT: RUN_DIR },
  });
  children.add(child);
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  children.delete(child);
  const shots = readdirSync(SCREENSHOTS).filter((f) => f.endsWith('.png')).length;
  return { ok: code === 0, detail: `mocha exit ${code}, ${shots} screenshots in ${path.relative(ROOT, SCREENSHOTS)}` };
}

function printSummary() {
  const seconds = (Date.now() - started) / 1000;
  console.log('\n[vscode] summary');
  for (const s of summary) console.log(`  ${s.ok ? 'PASS' : 'FAIL'}  ${s.name.padEnd(16)} ${s.detail ?? ''}`);
  const failed = summary.filter((s) => !s.ok).length;
  console.log(`  stage time ${seconds.toFixed(1)}s`);
  if (summary.length === 0) console.log('  nothing ran');
  process.exitCode = failed || summary.length === 0 ? 1 : 0;
}
