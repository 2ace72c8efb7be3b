// Composition root: activate() builds the log, the folders (one session per
// workspace folder: engine host, source control, poller, webhook receiver), the
// views, the providers and the commands, once, in one disposable set. Nothing
// heavy runs here: a folder's engine (sql.js, its state database, Notion) opens
// in the background once a token, a root and the folder exist, and again
// whenever they change.
import path from 'node:path';
import * as vscode from 'vscode';
import { WORKSPACE_CONFIG_FILE } from './sync/settings';
import type { SyncEngine } from './sync/engine/engine';
import type { SyncStatus } from './sync/engine/status';
import { ConflictDiffs } from './providers/conflictDiff';
import { ConflictNotice } from './providers/conflictNotice';
import { ConflictsProvider } from './providers/conflictsView';
import { CONFIG_SECTION, OUTPUT_CHANNEL_NAME, type ContextKey } from './providers/constants';
import { ContextKeys } from './providers/contextKeys';
import { registerDocumentCommands } from './providers/documentCommands';
import { DocumentsProvider } from './providers/documentsView';
import { FailureNotice } from './providers/failureNotice';
import { Folders } from './providers/folders';
import { registerMergeCommands, trackMergeCopies } from './providers/mergeCopies';
import { registerScmCommands } from './providers/scmCommands';
import type { ScmEntry } from './providers/scmEntries';
import { channelLogger } from './providers/logger';
import { QueueProvider } from './providers/queueView';
import { RemoteContentProvider, toRemoteUri } from './providers/remoteContent';
import type { SharedServices } from './providers/services';
import { registerSetupCommands } from './providers/setupCommands';
import { SharedBudgets } from './providers/sharedBudgets';
import { StatusBar } from './providers/statusBar';
import { registerSyncCommands } from './providers/syncCommands';
import { secretSource, TokenStore } from './providers/tokenStore';
import { registerWebhookCommands } from './providers/webhookCommands';

/**
 * What `activate()` returns (`vscode.extensions.getExtension('notion-sync.notion-sync').exports`),
 * for tests and for other extensions. Read-only views of the running extension.
 */
export interface NotionSyncApi {
  /** The sync engine of a folder (default: the first with one open) while it has a token and a root. */
  getEngine(folder?: vscode.Uri): SyncEngine | undefined;
  /** Resolves once every settings, token or folder change seen so far is applied (engines opened, re-created or closed). */
  whenReady(): Promise<void>;
  /** Fires when a folder's engine is opened, re-created or closed. */
  readonly onDidChangeEngine: vscode.Event<SyncEngine | undefined>;
  /** The status the status bar shows: every folder's together; undefined while none is configured. */
  getStatus(): SyncStatus | undefined;
  /** The status bar item's current text. */
  getStatusBarText(): string;
  /** The context keys the manifest's `when` clauses read, as last set. */
  getContextKeys(): Record<ContextKey, boolean>;
  /** The local URL of a folder's running webhook receiver, or undefined when stopped. */
  getWebhookUrl(folder?: vscode.Uri): string | undefined;
  /** The read-only document of a conflict's Notion version (`side: 'notion'`) or base, in a folder (default: the first). */
  conflictUri(relPath: string, conflictId: number, side: 'notion' | 'base', folder?: vscode.Uri): vscode.Uri;
  /** Problems entries Notion Sync reports for a file. */
  getProblems(uri: vscode.Uri): readonly vscode.Diagnostic[];
  /** Labels (titles) of the Documents view's nodes, depth first. */
  getDocumentLabels(): string[];
  /** The folder holding the state database of a single-folder window (context.storageUri), or undefined without a workspace. */
  readonly storagePath: string | undefined;
  /** Each workspace folder Notion Sync follows: where its state database is, and whether its engine is open. */
  getFolders(): { name: string; path: string; storagePath: string | undefined; open: boolean }[];
  /** What a folder's Notion source-control view lists (Conflicts, Local Changes, Incoming); default: the first folder. */
  getScmEntries(folder?: vscode.Uri): readonly ScmEntry[];
  /** The folders' source controls, in the workspace's order (one per folder, as git has one per repository). */
  getSourceControls(): readonly vscode.SourceControl[];
  /** Fires after a folder's source-control view was rebuilt. */
  readonly onDidChangeScm: vscode.Event<readonly ScmEntry[]>;
  /** The original (last pulled Notion version) the editor gutter diffs a file against. */
  getQuickDiffOriginal(uri: vscode.Uri): vscode.Uri | undefined;
  /** The standing "conflicts to resolve" notification's text, or undefined once it closed. */
  getConflictNotice(): string | undefined;
  /** The "N operations failed" notice on screen, if any. */
  getFailureNotice(): string | undefined;
}

/** Calls `changed` when a folder's notion-sync.json is created, edited or deleted. */
function watchWorkspaceConfig(changed: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_CONFIG_FILE}`);
  const atTop = (uri: vscode.Uri) => {
    if (vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === path.dirname(uri.fsPath))) changed();
  };
  return vscode.Disposable.from(watcher, watcher.onDidChange(atTop), watcher.onDidCreate(atTop), watcher.onDidDelete(atTop));
}

let folders: Folders | undefined;

export function activate(context: vscode.ExtensionContext): NotionSyncApi {
  const started = Date.now();
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const logger = channelLogger(channel);
  const keys = new ContextKeys();
  const tokens = new TokenStore(context.secrets);
  // Late-bound: the notice reads the folders, and the folders' pollers raise the notice.
  const late: { notice?: ConflictNotice } = {};
  const all = new Folders(
    {
      storageRoot: context.storageUri?.fsPath,
      extensionPath: context.extensionPath,
      tokens,
      secrets: secretSource(context.secrets),
      logger,
      onConflictsGrew: () => late.notice?.show(),
      budgets: new SharedBudgets(logger),
    },
    keys,
  );
  folders = all;
  const notice = new ConflictNotice(all);
  late.notice = notice;
  const views = {
    documents: new DocumentsProvider(all),
    queue: new QueueProvider(all),
    conflicts: new ConflictsProvider(all, keys),
  };
  const statusBar = new StatusBar(all);
  const failures = new FailureNotice(all);
  const shared: SharedServices = { folders: all, tokens, channel, logger, keys, diffs: new ConflictDiffs(keys), notice, failures, statusBar, views };

  context.subscriptions.push(
    channel,
    tokens,
    notice,
    failures,
    views.documents,
    views.queue,
    views.conflicts,
    statusBar,
    shared.diffs,
    new RemoteContentProvider(all),
    ...registerSetupCommands(shared),
    ...registerSyncCommands(shared),
    ...registerDocumentCommands(shared),
    ...registerWebhookCommands(shared),
    ...registerScmCommands(shared),
    ...registerMergeCommands(shared),
    trackMergeCopies(all, keys),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) void all.reconfigure();
    }),
    // The CLI remembers roots (and other settings) in notion-sync.json: the extension follows the file.
    watchWorkspaceConfig(() => void all.reconfigure()),
    tokens.onDidChange(() => void all.reconfigure()),
  );

  // Creates a session per folder, reads the token and settings, and opens the engines, after activate() returns.
  void all.reconfigure();
  logger.info(`Notion Sync ${String(context.extension.packageJSON.version)} activated in ${Date.now() - started} ms (log level ${vscode.LogLevel[channel.logLevel]})`);
  context.subscriptions.push(channel.onDidChangeLogLevel((level) => logger.info(`log level ${vscode.LogLevel[level]}`)));
  return api(all, shared, context.storageUri?.fsPath);
}

function api(all: Folders, s: SharedServices, storagePath: string | undefined): NotionSyncApi {
  const at = (folder?: vscode.Uri) => (folder ? all.forUri(folder) : all.fallback);
  return {
    getEngine: (folder) => at(folder)?.host.engine,
    whenReady: () => all.whenReady(),
    onDidChangeEngine: all.onDidChangeEngine,
    getStatus: () => s.statusBar.status(),
    getStatusBarText: () => s.statusBar.text,
    getContextKeys: () => s.keys.snapshot(),
    getWebhookUrl: (folder) => at(folder)?.webhook.url,
    conflictUri: (relPath, conflictId, side, folder) => toRemoteUri(at(folder)?.path ?? '/', relPath, { conflictId, side }),
    getProblems: (uri) => all.forUri(uri)?.problems.get(uri) ?? [],
    getDocumentLabels: () => s.views.documents.nodes().map((n) => n.label),
    storagePath,
    getFolders: () => all.all.map((f) => ({ name: f.folder.name, path: f.path, storagePath: f.host.storagePath, open: !!f.host.engine })),
    getScmEntries: (folder) => at(folder)?.scm.entries() ?? [],
    getSourceControls: () => all.all.flatMap((f) => (f.scm.sourceControl ? [f.scm.sourceControl] : [])),
    onDidChangeScm: all.onDidChangeScm,
    getQuickDiffOriginal: (uri) => all.forUri(uri)?.scm.provideOriginalResource(uri),
    getConflictNotice: () => s.notice.message,
    getFailureNotice: () => s.failures.message,
  };
}

/** Stops the webhook receivers and closes the engines, flushing their state databases. */
export async function deactivate(): Promise<void> {
  await folders?.dispose();
  folders = undefined;
}
