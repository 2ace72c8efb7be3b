// Parses `notion-sync` arguments into a typed command; usage errors name the fix.
import { parseArgs } from 'node:util';
import path from 'node:path';

export const COMMANDS = ['pull', 'status', 'sync', 'resolve', 'roots', 'webhook', 'emulator'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  command: CommandName;
  workspace: string;
  roots: string[];
  mode?: 'publish' | 'bidirectional';
  folder?: string;
  apiUrl?: string;
  requestsPerMinute?: number;
  state?: string;
  dryRun: boolean;
  json: boolean;
  yes: boolean;
  full: boolean;
  /** pull/sync: do not record --root, --mode or --folder in notion-sync.json. */
  noSave: boolean;
  /** resolve: which side wins. */
  accept?: 'notion' | 'local';
  /** webhook: where the receiver binds. */
  host?: string;
  port?: number;
  /** roots: list (default), add or remove. */
  rootsAction?: 'list' | 'add' | 'remove';
  /** Positional arguments after the command (resolve: paths or conflict ids; roots: the ids). */
  targets: string[];
  /** Arguments handed untouched to the emulator. */
  rest: string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: notion-sync <command> [options]

commands:
  pull       fetch changes from Notion into markdown files
  sync       pull, then process every queued operation
  status     show queue health, conflicts and the last sync
  resolve    list conflicts, or resolve them: resolve <file|id>... --accept notion|local
  roots      list the roots notion-sync.json remembers; roots add|remove <id or URL>...
  webhook    run the webhook receiver (and the poller) until interrupted
  emulator   run the local Notion API emulator (see notion-sync emulator --help)

options:
  --workspace DIR        workspace folder (default: current directory)
  --root ID_OR_URL       Notion page, database or data source to sync (repeatable);
                         pull and sync remember it in notion-sync.json
  --no-save              pull/sync: use --root, --mode, --folder for this run only
  --mode MODE            publish (default) or bidirectional; pull and sync remember it
  --folder DIR           workspace-relative target folder (default: notion); remembered too
  --api-url URL          Notion API base URL (default: https://api.notion.com)
  --requests-per-minute N  Notion's request budget (default 180; 600 on Business and Enterprise)
  --state FILE           state database (default: <workspace>/.notion-sync/state.sqlite)
  --dry-run              print what would change, write nothing
  --json                 machine-readable summary on stdout, no progress line
  --yes                  allow a pull to trash more files than the threshold
  --full                 walk every root instead of asking Notion what changed
  --accept SIDE          resolve: notion or local
  --host HOST --port N   webhook: where the receiver binds (default 127.0.0.1:8766)

The token comes from the NOTION_TOKEN environment variable. Settings may also live
in notion-sync.json in the workspace ({"roots": [...], "folder": "notion", "mode": "publish"});
flags win. Exit codes: 0 success, 1 failures or conflicts remain, 2 usage or configuration error.
`;

export function parseCli(argv: string[], cwd = process.cwd()): CliOptions {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('a command is required');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}"; expected one of ${COMMANDS.join(', ')}`);
  }
  if (command === 'emulator') {
    return { command, workspace: cwd, roots: [], dryRun: false, json: false, yes: false, full: false, noSave: false, targets: [], rest };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        workspace: { type: 'string' },
        root: { type: 'string', multiple: true },
        mode: { type: 'string' },
        folder: { type: 'string' },
        'api-url': { type: 'string' },
        'requests-per-minute': { type: 'string' },
        state: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        yes: { type: 'boolean' },
        full: { type: 'boolean' },
        'no-save': { type: 'boolean' },
        accept: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const mode = v.mode;
  if (mode !== undefined && mode !== 'publish' && mode !== 'bidirectional') {
    throw new UsageError(`--mode must be publish or bidirectional, not "${mode}"`);
  }
  const accept = v.accept;
  if (accept !== undefined && accept !== 'notion' && accept !== 'local') {
    throw new UsageError(`--accept must be notion or local, not "${accept}"`);
  }
  if (command !== 'resolve' && accept !== undefined) throw new UsageError('--accept only applies to resolve');
  if (command !== 'resolve' && command !== 'roots' && parsed.positionals.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  }
  if (v['no-save'] && command !== 'pull' && command !== 'sync') throw new UsageError('--no-save only applies to pull and sync');
  const rootsArgs = command === 'roots' ? parseRootsAction(parsed.positionals) : undefined;
  if (command === 'resolve' && parsed.positionals.length && !accept) {
    throw new UsageError('resolve needs --accept notion or --accept local to resolve the named conflicts');
  }
  let port: number | undefined;
  if (v.port !== undefined) {
    port = Number(v.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not "${v.port}"`);
  }
  if (v['api-url'] !== undefined && !/^https?:\/\//.test(v['api-url'])) {
    throw new UsageError(`--api-url must be an http(s) URL, not "${v['api-url']}"`);
  }
  const rpm = v['requests-per-minute'];
  if (rpm !== undefined && !/^[1-9]\d*$/.test(rpm)) {
    throw new UsageError(`--requests-per-minute must be a whole number ≥ 1, not "${rpm}"`);
  }
  const workspace = path.resolve(cwd, v.workspace ?? '.');
  return {
    command: command as CommandName,
    workspace,
    roots: v.root ?? [],
    mode,
    folder: v.folder,
    apiUrl: v['api-url'],
    requestsPerMinute: rpm === undefined ? undefined : Number(rpm),
    state: v.state ? path.resolve(cwd, v.state) : undefined,
    dryRun: v['dry-run'] ?? false,
    json: v.json ?? false,
    yes: v.yes ?? false,
    full: v.full ?? false,
    noSave: v['no-save'] ?? false,
    accept,
    host: v.host,
    port,
    rootsAction: rootsArgs?.action,
    targets: rootsArgs ? rootsArgs.targets : parsed.positionals,
    rest: [],
  };
}

function parseRootsAction(positionals: string[]): { action: 'list' | 'add' | 'remove'; targets: string[] } {
  const [action = 'list', ...targets] = positionals;
  if (action !== 'list' && action !== 'add' && action !== 'remove') {
    throw new UsageError(`roots: expected list, add or remove, not "${action}"`);
  }
  if (action === 'list' && targets.length) throw new UsageError(`roots list takes no arguments (got "${targets[0]}")`);
  if (action !== 'list' && targets.length === 0) throw new UsageError(`roots ${action} needs at least one Notion page or database id or URL`);
  return { action, targets };
}
