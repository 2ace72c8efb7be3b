#!/usr/bin/env node
// `npm start`: the whole product on one machine, offline. Builds and packages the
// extension, starts the Notion API emulator with the demo workspace, writes a
// fresh ./demo-workspace wired to it, and opens it in code-server (a real VS Code
// in the browser) with the .vsix installed and NOTION_TOKEN set, so the first
// sync needs no typing. Ctrl-C stops the emulator and code-server.
//
//   npm start                      the VS Code demo (installs code-server into .tools/ once)
//   npm start -- --cli             headless: emulator + `notion-sync pull` + tree + `status`, then exit
//   options: --workspace DIR (default ./demo-workspace)  --no-build (reuse dist/ and out/ when present)
//            --port N (code-server; default $PORT or 8080, a free port when taken)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import {
  ROOT,
  TOOLS,
  toolPaths,
  createProfile,
  writeUserSettings,
  installExtensions,
  startCodeServer,
  killAllStartedSync,
  findExthostLogs,
  freePort,
  readTail,
} from './code-server.mjs';

const USAGE = `usage: npm start [-- --cli] [--workspace DIR] [--no-build] [--port N]
  (no flag)   VS Code demo in the browser (code-server), until Ctrl-C
  --cli       headless demo: pull into the workspace, print the tree and status, exit`;

const CLI = path.join(ROOT, 'dist/cli.js');
const VSIX = path.join(ROOT, 'out/notion-sync.vsix');
const TEMPLATE_DIR = path.join(ROOT, 'scripts/demo');
const PROFILE_DIR = '.test-output/demo/profile';
const EXTENSION_ID = 'notion-sync.notion-sync';
// The emulator accepts any bearer token unless started with --token; this one is
// a placeholder, not a secret, and reaches the extension host only through its environment.
const DEMO_TOKEN = 'demo';
const POLL_SECONDS = 30;
const SYNC_FOLDER = 'notion';

const t0 = Date.now();
const secs = (from = t0) => `${((Date.now() - from) / 1000).toFixed(1)}s`;
const say = (s) => process.stdout.write(`[demo] ${s}\n`);

let args;
try {
  args = parseArgs({
    options: {
      cli: { type: 'boolean', default: false },
      workspace: { type: 'string', default: 'demo-workspace' },
      'no-build': { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (e) {
  process.stderr.write(`${e.message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const workspace = path.resolve(ROOT, args.workspace);

// ---- child processes we own, and stopping them on every way out ----------------

/** Emulator (same process group: a terminal Ctrl-C reaches it too) and code-server (its own group). */
const owned = { emulator: null, codeServer: null };
let stopping = null;

async function stopAll() {
  stopping ??= (async () => {
    const tasks = [];
    if (owned.codeServer) tasks.push(owned.codeServer.stop());
    const emu = owned.emulator;
    if (emu && emu.exitCode === null && emu.signalCode === null) {
      tasks.push(new Promise((r) => {
        const timer = setTimeout(() => emu.kill('SIGKILL'), 3000);
        emu.once('exit', () => {
          clearTimeout(timer);
          r();
        });
        emu.kill('SIGTERM');
      }));
    }
    await Promise.all(tasks);
  })();
  return stopping;
}

process.on('exit', () => {
  // Last resort (an uncaught error): nothing may outlive the demo.
  killAllStartedSync();
  if (owned.emulator && owned.emulator.exitCode === null) owned.emulator.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) return;
    process.stdout.write('\n');
    say(`${sig === 'SIGINT' ? 'Ctrl-C' : sig}: stopping code-server and the emulator…`);
    void stopAll().then(() => {
      say('stopped.');
      process.exit(sig === 'SIGINT' ? 0 : 128 + (sig === 'SIGTERM' ? 15 : 1));
    });
  });
}

// `npm start` runs us under `sh -c`; a SIGTERM to npm kills the shell without
// passing it on, so notice losing our parent and stop rather than leave orphans.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid === parentPid || stopping) return;
  say('the parent process is gone: stopping code-server and the emulator…');
  void stopAll().then(() => process.exit(1));
}, 1000).unref();

async function fail(message, detail = '') {
  process.stderr.write(`[demo] ${message}\n${detail ? `${detail}\n` : ''}`);
  await stopAll();
  process.exit(1);
}

/** Runs a command, output captured; resolves { code, output }. */
function run(cmd, argv, { env, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: -1, output: `${output}${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function npmRun(script) {
  const started = Date.now();
  const r = await run(npm, ['run', '--silent', script]);
  if (r.code !== 0) await fail(`npm run ${script} failed (exit ${r.code}):`, r.output.trim());
  say(`npm run ${script}: done in ${secs(started)}`);
}

// ---- steps -------------------------------------------------------------------

async function build({ withPackage }) {
  if (args['no-build'] && existsSync(CLI) && (!withPackage || existsSync(VSIX))) {
    say('--no-build: reusing dist/ and out/');
    return;
  }
  // `npm run package` rebuilds dist/ in production mode (vscode:prepublish) before packing.
  if (withPackage) await npmRun('package');
  else await npmRun('build');
}

/** code-server and Node 24 (its runtime) under .tools/; installs them once, loudly. */
function toolsInstalled() {
  const t = toolPaths();
  return existsSync(t.node) && existsSync(t.codeServerEntry) && existsSync(path.join(TOOLS, 'code-server/.installed'));
}

async function ensureCodeServer() {
  if (toolsInstalled()) return;
  say('code-server is not installed yet: installing it and Node 24 into .tools/ with scripts/install-tools.sh');
  say('(one time only: about 3 minutes and ~600 MB; it also apt-get installs chromium and libkrb5-dev when missing)');
  const started = Date.now();
  const code = await new Promise((resolve) => {
    // Under `npm start`, npm's own npm_* variables would reach the nested npm
    // install; code-server's postinstall then reads Node 20 from the outer
    // npm_config_user_agent and refuses to build for Node 24.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const child = spawn('bash', [path.join(ROOT, 'scripts/install-tools.sh')], { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', () => resolve(-1));
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0 || !toolsInstalled()) {
    await fail(`installing the tools failed (exit ${code}). The headless demo needs none of them: npm start -- --cli`);
  }
  say(`tools installed in ${secs(started)}`);
}

/** Starts `notion-sync emulator` with the demo seed; resolves its base URL once it listens. */
async function startEmulator() {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--seed', 'demo'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  owned.emulator = child;
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const baseUrl = await new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (l) => resolve(l.trim()));
    child.once('exit', () => resolve(null));
  });
  // Keep draining its stdout so a chatty emulator never blocks on a full pipe.
  child.stdout.resume();
  if (!baseUrl || !/^http:\/\/127\.0\.0\.1:\d+$/.test(baseUrl)) await fail(`the emulator did not start (${baseUrl ?? 'exited'})`, stderr.trim());
  child.once('exit', (code, signal) => {
    if (stopping) return;
    void fail(`the emulator exited unexpectedly (${signal ?? code})`, stderr.trim());
  });
  const state = await (await fetch(`${baseUrl}/__control/state`)).json();
  const ids = state.ids ?? {};
  if (!ids.rootPage) await fail('the emulator state has no demo root page id (ids.rootPage)');
  say(`emulator: ${baseUrl} (demo seed: ${state.pages.length} pages, ${state.databases.length} databases) in ${secs(started)}`);
  return { baseUrl, ids, pages: state.pages };
}

function fill(template, values) {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (m, key) => (key in values ? values[key] : m));
}

/** A fresh demo folder: README with what to try, VS Code settings, the CLI's notion-sync.json. */
function prepareWorkspace(emu) {
  // Only a missing, empty or previous demo folder (it has notion-sync.json) is ever replaced.
  if (existsSync(workspace) && readdirSync(workspace).length > 0) {
    if (workspace === ROOT || !existsSync(path.join(workspace, 'notion-sync.json'))) {
      throw new Error(`${workspace} exists and is not a previous demo folder; pick an empty or missing folder`);
    }
  }
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settings = {
    'notionSync.roots': [emu.ids.rootPage],
    'notionSync.apiBaseUrl': emu.baseUrl,
    'notionSync.pollIntervalSeconds': POLL_SECONDS,
    'notionSync.folder': SYNC_FOLDER,
    'notionSync.mode': 'publish',
  };
  writeFileSync(path.join(workspace, '.vscode/settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  writeFileSync(
    path.join(workspace, 'notion-sync.json'),
    `${JSON.stringify({ roots: [emu.ids.rootPage], apiBaseUrl: emu.baseUrl, folder: SYNC_FOLDER, mode: 'publish', pollIntervalSeconds: POLL_SECONDS }, null, 2)}\n`,
  );
  const conflictId = emu.ids.gettingStartedPage ?? emu.ids.rootPage;
  const remoteId = emu.ids.architecturePage ?? emu.ids.rootPage;
  const values = {
    EMULATOR: emu.baseUrl,
    FOLDER: SYNC_FOLDER,
    POLL: String(POLL_SECONDS),
    CONFLICT_FILE: `${SYNC_FOLDER}/${titlePath(emu.pages, conflictId)}.md`,
    CURL_REMOTE: curlAppend(emu.baseUrl, remoteId, 'A paragraph added in Notion.'),
    CURL_CONFLICT: curlAppend(emu.baseUrl, conflictId, 'Meanwhile, someone edited this page in Notion.'),
    CLI: path.relative(workspace, CLI) || CLI,
    WORKSPACE: '.',
  };
  writeFileSync(path.join(workspace, 'README.md'), fill(readFileSync(path.join(TEMPLATE_DIR, 'workspace-README.md'), 'utf8'), values));
  return { conflictId, conflictFile: values.CONFLICT_FILE, curlConflict: values.CURL_CONFLICT };
}

/** "Acme Handbook/Getting Started" for a page, from the emulator's parent links. */
function titlePath(pages, id) {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const parts = [];
  for (let p = byId.get(id); p; p = p.parentId ? byId.get(p.parentId) : undefined) parts.unshift(p.title);
  return parts.join('/');
}

function curlAppend(baseUrl, pageId, text) {
  const body = JSON.stringify({ appendMarkdown: text });
  return `curl -s -X PATCH -H 'Content-Type: application/json' -d '${body}' ${baseUrl}/__control/pages/${pageId} >/dev/null && echo edited`;
}

/** The port for code-server: --port, $PORT, 8080, or a free one when that is taken. */
async function pickPort() {
  const wanted = Number(args.port ?? process.env.PORT ?? 8080);
  if (Number.isInteger(wanted) && wanted > 0 && wanted < 65536 && (await portFree(wanted))) return wanted;
  const port = await freePort();
  say(`port ${wanted} is taken; using ${port}`);
  return port;
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A path relative to the repository when inside it, else absolute. */
function displayPath(p) {
  const rel = path.relative(ROOT, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Prints the tree of files under `dir` (the engine's own .notion-sync/ folded). */
function printTree(dir) {
  const lines = [];
  let files = 0;
  const walk = (d, prefix) => {
    const entries = readdirSync(d, { withFileTypes: true })
      .filter((e) => e.name !== '.notion-sync')
      .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
    entries.forEach((e, i) => {
      const last = i === entries.length - 1;
      const p = path.join(d, e.name);
      lines.push(`${prefix}${last ? '└── ' : '├── '}${e.name}${e.isDirectory() ? '/' : `  (${statSync(p).size} B)`}`);
      if (e.isDirectory()) walk(p, `${prefix}${last ? '    ' : '│   '}`);
      else files++;
    });
  };
  walk(dir, '');
  process.stdout.write(`${displayPath(dir)}/\n${lines.join('\n')}\n`);
  return files;
}

/** Runs the CLI with its output streamed (indented) and returns its exit code. */
function runCli(argv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...argv], {
      cwd: ROOT,
      env: { ...process.env, NOTION_TOKEN: DEMO_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const indent = (stream) => (d) => stream.write(String(d).replace(/^(?=.)/gm, '    '));
    child.stdout.on('data', indent(process.stdout));
    child.stderr.on('data', indent(process.stderr));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// ---- the two demos -------------------------------------------------------------

async function headless() {
  say(`headless demo (--cli) into ${displayPath(workspace)}`);
  await build({ withPackage: false });
  const emu = await startEmulator();
  prepareWorkspace(emu);
  say(`notion-sync pull --workspace ${displayPath(workspace)}   (root: Acme Handbook ${emu.ids.rootPage})`);
  const pullStarted = Date.now();
  const pullCode = await runCli(['pull', '--workspace', workspace]);
  say(`pull exited ${pullCode} after ${secs(pullStarted)}`);
  const files = printTree(workspace);
  say('notion-sync status');
  const statusCode = await runCli(['status', '--workspace', workspace]);
  await stopAll();
  const pulled = existsSync(path.join(workspace, SYNC_FOLDER)) ? countFiles(path.join(workspace, SYNC_FOLDER)) : 0;
  say(`${pulled} file(s) pulled into ${SYNC_FOLDER}/ (${files} in the folder), pull exit ${pullCode}, status exit ${statusCode}; total ${secs()}`);
  const code = pullCode !== 0 ? pullCode : statusCode !== 0 ? statusCode : pulled === 0 ? 1 : 0;
  process.exit(code);
}

function countFiles(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

async function inVsCode() {
  await ensureCodeServer();
  const toolsDone = Date.now();
  await build({ withPackage: true });
  const emu = await startEmulator();
  const hints = prepareWorkspace(emu);
  say(`workspace: ${workspace} (fresh)`);

  const profileStarted = Date.now();
  const profile = createProfile(PROFILE_DIR);
  writeUserSettings(profile, {
    // Show the demo's README (what to try) when the folder opens.
    'workbench.startupEditor': 'readme',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  });
  installExtensions(profile, [VSIX]);
  say(`code-server profile ${PROFILE_DIR} with ${path.relative(ROOT, VSIX)} installed in ${secs(profileStarted)}`);

  const port = await pickPort();
  const serverStarted = Date.now();
  try {
    owned.codeServer = await startCodeServer({ profile, workspace, port, env: { NOTION_TOKEN: DEMO_TOKEN } });
  } catch (e) {
    await fail(`code-server did not start: ${e.message}`);
  }
  const server = owned.codeServer;
  say(`code-server ${server.url} (pid ${server.pid}) in ${secs(serverStarted)}; log: ${path.relative(ROOT, server.logFile)}`);

  // Slashes stay readable; spaces and the like are escaped.
  const url = `http://127.0.0.1:${port}/?folder=${workspace.split(path.sep).map(encodeURIComponent).join('/')}`;
  process.stdout.write(`
  Notion Sync demo is running (ready ${secs(toolsDone)} after the tools check).

    Open VS Code:   ${url}
    Emulator:       ${emu.baseUrl}   (state: ${emu.baseUrl}/__control/state)
    Workspace:      ${workspace}   (README.md there says what to try)

  Then open the Notion Sync icon in the activity bar: the handbook syncs into ${SYNC_FOLDER}/.
  Make a conflict: edit and save ${hints.conflictFile}, then change the page in "Notion":

    ${hints.curlConflict}

  and run "Notion Sync: Sync Now"; resolve it from the Conflicts view in the diff editor.

  Ctrl-C stops everything (code-server and the emulator).
`);
  watchActivation(profile);
  const exited = await new Promise((resolve) => {
    const timer = setInterval(() => {
      if (server.exited) {
        clearInterval(timer);
        resolve(server.exited);
      }
    }, 500);
  });
  if (!stopping) await fail(`code-server exited (${JSON.stringify(exited)}); log tail:`, readTail(server.logFile, 30));
}

/** Says when the browser has started an extension host and Notion Sync activated in it. */
function watchActivation(profile) {
  let hostSeen = false;
  const timer = setInterval(() => {
    const logs = findExthostLogs(profile);
    if (!logs.length) return;
    if (!hostSeen) {
      hostSeen = true;
      say('a browser connected: the extension host is starting');
    }
    const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    if (text.includes(`_doActivateExtension ${EXTENSION_ID}`)) {
      say(`Notion Sync activated in the extension host (log: ${path.relative(ROOT, logs.at(-1))})`);
      clearInterval(timer);
    }
  }, 1000);
  timer.unref();
}

try {
  if (args.cli) await headless();
  else await inVsCode();
} catch (e) {
  await fail(e.stack ?? String(e));
}
