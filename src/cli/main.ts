// `notion-sync`: the engine headless, for scripts and CI.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCli, USAGE, UsageError, type CliOptions } from './args';
import { createLineLogger } from '../sync/logger';
import { normaliseSettings, readWorkspaceConfig, SettingsError, ENGINE_DIR, type SyncSettings } from '../sync/settings';
import { openEngine, type OpenedEngine } from '../sync/engine/open';
import { NOTICEABLE_WAIT_MS, type PullReport, type Progress } from '../sync/engine/engine';
import { createWebhookSink, type SecretSource } from '../sync/engine/webhookSink';
import { WebhookReceiver } from '../sync/webhook/receiver';
import { SyncScheduler } from '../sync/scheduler';
import { watchMarkdown } from '../sync/documents/watcher';
import { NotionAuthError } from '../sync/notion/errors';
import { runEmulatorCli } from '../emulator/cli';
import { StateStoreLockedError } from '../sync/store/lock';
import { StateStoreUnusableError } from '../sync/store/errors';
import { rememberPulledFlags, rememberPulledRoots, runRoots } from './rootsCommand';
import { countsInWords } from '../sync/engine/fileStates';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const opts = parseOrExplain(argv);
  if (typeof opts === 'number') return opts;
  if (opts.command === 'emulator') {
    await runEmulatorCli(opts.rest);
    return 0;
  }
  if (opts.command === 'roots') return runRoots(opts, out).catch(explainSettingsError);
  const settings = await loadSettings(opts).catch(explainSettingsError);
  if (typeof settings === 'number') return settings;
  const token = process.env.NOTION_TOKEN?.trim() ?? '';
  const needsNotion = opts.command === 'pull' || opts.command === 'sync' || opts.command === 'webhook';
  if (needsNotion && !token) {
    err('notion-sync: set NOTION_TOKEN to your integration token (https://www.notion.so/my-integrations), e.g. NOTION_TOKEN=ntn_… notion-sync pull');
    return 2;
  }
  if (needsNotion && settings.roots.length === 0) {
    err(`notion-sync: no roots: pass --root <page or database id or URL>, or add "roots" to ${path.join(opts.workspace, 'notion-sync.json')}`);
    return 2;
  }
  const logger = createLineLogger((l) => err(l), process.env.NOTION_SYNC_LOG === 'debug' ? 'debug' : 'warn');
  let opened: OpenedEngine;
  try {
    // No token: the gateway is never built, so offline commands (status, resolve) work; see connection.ts.
    opened = await openEngine({ workspace: opts.workspace, settings, token: token || undefined, statePath: opts.state, logger, dryRun: opts.dryRun });
  } catch (e) {
    if (e instanceof StateStoreLockedError || e instanceof StateStoreUnusableError) {
      err(`notion-sync: ${e.message}`);
      return 2;
    }
    throw e;
  }
  try {
    return await runCommand(opened, opts, settings);
  } catch (e) {
    return explainFailure(e);
  } finally {
    await opened.close();
  }
}

function parseOrExplain(argv: string[]): CliOptions | number {
  try {
    return parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`notion-sync: ${e.message}\n\n${USAGE}`);
    return 2;
  }
}

/** notion-sync.json, with the command line's options over it. */
async function loadSettings(opts: CliOptions): Promise<SyncSettings> {
  const file = await readWorkspaceConfig(opts.workspace);
  return normaliseSettings({
    ...file,
    ...(opts.roots.length ? { roots: opts.roots } : {}),
    ...(opts.mode ? { mode: opts.mode } : {}),
    ...(opts.folder ? { folder: opts.folder } : {}),
    ...(opts.apiUrl ? { apiBaseUrl: opts.apiUrl } : {}),
    ...(opts.requestsPerMinute ? { requestsPerMinute: opts.requestsPerMinute } : {}),
  });
}

/** A settings mistake is the user's to fix: said plainly, exit code 2. */
function explainSettingsError(e: unknown): number {
  if (!(e instanceof SettingsError)) throw e;
  err(`notion-sync: ${e.message}`);
  return 2;
}

async function runCommand(opened: OpenedEngine, opts: CliOptions, settings: SyncSettings): Promise<number> {
  switch (opts.command) {
    case 'pull':
    case 'sync':
      return runPull(opened, opts, settings);
    case 'status':
      return runStatus(opened, opts);
    case 'resolve':
      return runResolve(opened, opts);
    case 'webhook':
      return runWebhook(opened, opts, settings);
  }
  return 0;
}

function explainFailure(e: unknown): number {
  if (e instanceof SettingsError) return explainSettingsError(e);
  if (e instanceof NotionAuthError) {
    err(`notion-sync: Notion refused the token (${e.message}). Check NOTION_TOKEN and that the pages are shared with the integration.`);
    return 2;
  }
  err(`notion-sync: ${(e as Error).message}`);
  return 1;
}

function progressLine(json: boolean): (p: Progress) => void {
  if (json || !process.stderr.isTTY) return () => {};
  return (p) => {
    const count = p.total ? ` ${p.done}/${p.total}` : '';
    process.stderr.write(`\r\x1b[2K${p.message ?? p.phase}${count}`);
  };
}

/** Says on stderr when Notion makes every request wait (429/529), so a long Retry-After does not look like a hang. */
function rateLimitNotices(opened: OpenedEngine, json: boolean): () => void {
  if (json) return () => {};
  return opened.gateway.onRateLimitChange((s) => {
    const wait = s.pausedUntil === null ? 0 : s.pausedUntil - Date.now();
    if (wait < NOTICEABLE_WAIT_MS) return;
    const seconds = Math.ceil(wait / 1000);
    const why = s.reason === 'overload' ? 'Notion is overloaded' : 'Notion rate limit';
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${why}: waiting ${seconds} s (budget now ${s.currentPerMinute}/min)\n`);
  });
}

async function runPull(opened: OpenedEngine, opts: CliOptions, settings: SyncSettings): Promise<number> {
  const onProgress = progressLine(opts.json);
  const pullOpts = { full: opts.full, dryRun: opts.dryRun, onProgress, confirmDeletes: async () => opts.yes };
  const stopNotices = rateLimitNotices(opened, opts.json);
  const report: PullReport = await (opts.command === 'sync' ? opened.engine.sync(pullOpts) : opened.engine.pull(pullOpts)).finally(stopNotices);
  if (!opts.json && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  const status = opened.engine.getSyncStatus();
  if (opts.json) {
    out(JSON.stringify({ ...report, index: report.index && { ...report.index, diagnostics: report.index.diagnostics }, status, requests: opened.gateway.stats }, null, 2));
  } else {
    for (const c of report.changes) {
      out(`${opts.dryRun ? 'would ' : ''}${c.action.padEnd(10)} ${c.from ? `${c.from} → ` : ''}${c.path}${c.detail ? `  (${c.detail})` : ''}`);
    }
    for (const d of report.index?.diagnostics.filter((x) => x.code === 'notion-limit' || x.code === 'media-missing') ?? []) out(`warning    ${d.path}${d.line ? `:${d.line}` : ''}  ${d.message}`);
    const verb = opts.dryRun ? 'dry run' : opts.command;
    out(
      `${verb}: ${report.changes.length} change(s), ${report.failed} failed, ${report.conflicts} conflict(s) in ${(report.ms / 1000).toFixed(1)}s, ${opened.gateway.stats.requests} request(s)`,
    );
    if (report.blockedDeletions.length) {
      out(`${report.blockedDeletions.length} file(s) deleted in Notion were NOT moved to the trash (more than the threshold); rerun with --yes to allow it`);
    }
    if (report.conflicts) out('resolve conflicts with: notion-sync resolve <file> --accept notion|local');
    // Publish mode never pushes: say so, or an edit waiting here looks like a sync that did nothing.
    const edited = status.documents.modified;
    if (settings.mode === 'publish' && edited) out(`${edited} file(s) edited locally stay local: publish mode keeps Notion as the truth (--mode bidirectional sends local edits to Notion)`);
  }
  // Under --json stdout is one JSON document: the note goes to stderr.
  await rememberPulledRoots(opts, opts.json ? err : out);
  await rememberPulledFlags(opts, opts.json ? err : out);
  return report.failed || report.conflicts || report.blockedDeletions.length ? 1 : 0;
}

/** A path as one word a POSIX shell reads back unchanged, for hints meant to be copied (titles hold spaces and quotes). */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

function runStatus(opened: OpenedEngine, opts: CliOptions): number {
  const s = opened.engine.getSyncStatus();
  const conflicts = opened.engine.read.conflicts().map((c) => ({ id: c.id, path: c.path, detectedAt: new Date(c.detectedAt).toISOString() }));
  if (opts.json) {
    out(JSON.stringify({ ...s, conflictList: conflicts }, null, 2));
  } else {
    out(`state:      ${s.state}`);
    out(`documents:  ${countsInWords(s.documents)}${s.documents.trashed ? ` (${s.documents.trashed} in the trash folder)` : ''}`);
    out(`queue:      ${s.queue.pending} pending, ${s.queue.processing} processing, ${s.queue.error} failed, ${s.queue.dead} dead`);
    out(`last sync:  ${s.lastSuccessAt ? new Date(s.lastSuccessAt).toISOString() : 'never'}`);
    if (s.lastError) out(`last error: ${s.lastError}`);
    if (s.nextRetryAt) out(`next retry: ${new Date(s.nextRetryAt).toISOString()}`);
    for (const c of conflicts) out(`conflict #${c.id}: ${c.path}`);
  }
  return s.queue.error + s.queue.dead + s.conflicts > 0 ? 1 : 0;
}

async function runResolve(opened: OpenedEngine, opts: CliOptions): Promise<number> {
  const { engine } = opened;
  if (opts.targets.length === 0) {
    const list = engine.read.conflicts();
    if (opts.json) out(JSON.stringify(list.map((c) => ({ id: c.id, path: c.path, notionId: c.notionId })), null, 2));
    else if (list.length === 0) out('no conflicts');
    else for (const c of list) out(`#${c.id}  ${c.path}   (resolve: notion-sync resolve ${shellWord(c.path)} --accept notion|local)`);
    return list.length ? 1 : 0;
  }
  let failed = 0;
  const results: { target: string; path?: string; backup?: string | null; error?: string }[] = [];
  for (const target of opts.targets) {
    const rel = path.relative(opts.workspace, path.resolve(process.cwd(), target)).split(path.sep).join('/');
    const c = engine.findConflict(target) ?? engine.findConflict(rel);
    if (!c) {
      failed++;
      results.push({ target, error: 'no unresolved conflict for it' });
      continue;
    }
    if (opts.dryRun) {
      results.push({ target, path: c.path });
      continue;
    }
    const r = await engine.resolveConflict(c.id, opts.accept ?? 'notion');
    results.push({ target, path: r.path, backup: r.backup });
  }
  if (opts.json) out(JSON.stringify(results, null, 2));
  else
    for (const r of results) {
      if (r.error) out(`${r.target}: ${r.error}`);
      else out(`${opts.dryRun ? 'would resolve' : 'resolved'} ${r.path} (${opts.accept === 'local' ? 'kept local' : "took Notion's version"})${r.backup ? `; previous local copy at ${r.backup}` : ''}`);
    }
  return failed ? 1 : 0;
}

/** The CLI keeps the webhook verification token in a 0600 file beside the state database. */
function fileSecrets(workspace: string): SecretSource {
  const dir = path.join(workspace, ENGINE_DIR);
  const file = (key: string) => path.join(dir, `${key.replace(/[^a-zA-Z0-9_.-]/g, '_')}.secret`);
  return {
    async get(key) {
      try {
        return (await readFile(file(key), 'utf8')).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await mkdir(dir, { recursive: true });
      await writeFile(file(key), value, { mode: 0o600 });
      await chmod(file(key), 0o600);
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}

async function runWebhook(opened: OpenedEngine, opts: CliOptions, settings: SyncSettings): Promise<number> {
  const { engine } = opened;
  // Webhooks are hints; the poll is the source of truth and catches missed events. The same
  // scheduler runs the extension's background sync; here the first poll runs at once.
  const scheduler = new SyncScheduler(engine, {
    pollIntervalSeconds: settings.pollIntervalSeconds,
    firstPollDelayMs: 0,
    onError: (what, e) => err(`notion-sync: ${what === 'poll' ? 'poll failed: ' : ''}${(e as Error).message}`),
  });
  const receiver = new WebhookReceiver({
    host: opts.host ?? settings.webhook.host,
    port: opts.port ?? settings.webhook.port,
    sink: createWebhookSink(engine, printedSecrets(opts.workspace), () => scheduler.processSoon()),
    logger: createLineLogger((l) => err(l), 'info'),
  });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { url } = await receiver.start();
  out(`webhook receiver listening on ${url}`);
  out('expose it with a tunnel (e.g. cloudflared tunnel --url http://127.0.0.1:PORT) and paste the public URL in Notion');
  // Local edits keep binder_documents current (and show as modified in status).
  const watcher = watchMarkdown(opts.workspace, () => void engine.indexDocuments().catch((e) => err(`notion-sync: ${(e as Error).message}`)));
  await stopped;
  watcher.close();
  scheduler.stop();
  await receiver.stop();
  return 0;
}

/**
 * The verification token must reach the user, who pastes it into Notion's
 * "Verify subscription": printed once on stdout (never into the log).
 */
function printedSecrets(workspace: string): SecretSource {
  const stored = fileSecrets(workspace);
  return {
    ...stored,
    async set(key, value) {
      await stored.set(key, value);
      out(`Notion sent the webhook verification token. Paste it into Notion (integration → Webhooks → Verify subscription):\n  ${value}`);
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`notion-sync: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
