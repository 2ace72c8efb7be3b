// Composition root: activate() builds the log, the engine host, the views, the
// providers and the commands, once, in one disposable set. Nothing heavy runs
// here: the engine (sql.js, the state database, Notion) opens in the background
// once a token, a root and a folder exist, and again whenever they change.
import path from 'node:path';
import * as vscode from 'vscode';
import { WORKSPACE_CONFIG_FILE } from './sync/settings';
import type { SyncEngine } from './sync/engine/engine';
import type { SyncStatus } from './sync/engine/status';
import { BackgroundSync } from './providers/background';
import { ConflictDiffs } from './providers/conflictDiff';
import { ConflictsProvider } from './providers/conflictsView';
import { CONFIG_SECTION, CONTEXT_KEYS, OUTPUT_CHANNEL_NAME, type ContextKey } from './providers/constants';
import { ContextKeys } from './providers/contextKeys';
import { SyncDecorations } from './providers/decorations';
import { registerDocumentCommands } from './providers/documentCommands';
import { DocumentsProvider } from './providers/documentsView';
import { EngineHost, folderConfig } from './providers/engineHost';
import { LocalEdits } from './providers/localEdits';
import { registerMergeCommands, trackMergeCopies } from './providers/mergeCopies';
import { NotionScm } from './providers/notionScm';
import { registerScmCommands } from './providers/scmCommands';
import type { ScmEntry } from './providers/scmEntries';
import { channelLogger } from './providers/logger';
import { ProblemsReporter } from './providers/problemsReporter';
import { QueueProvider } from './providers/queueView';
import { RemoteContentProvider, toRemoteUri } from './providers/remoteContent';
import type { Services } from './providers/services';
import { registerSetupCommands } from './providers/setupCommands';
import { StatusBar } from './providers/statusBar';
import { registerSyncCommands } from './providers/syncCommands';
import { secretSource, TokenStore } from './providers/tokenStore';
import { WebhookController } from './providers/webhookController';
import { registerWebhookCommands } from './providers/webhookCommands';

/**
 * What `activate()` returns (`vscode.extensions.getExtension('notion-sync.notion-sync').exports`),
 * for tests and for other extensions. Read-only views of the running extension.
 */
export interface NotionSyncApi {
  /** The sync engine while a token, a root and a folder are configured; otherwise undefined. */
  getEngine(): SyncEngine | undefined;
  /** Resolves once every settings or token change seen so far is applied (engine opened, re-created or closed). */
  whenReady(): Promise<void>;
  /** Fires when the engine is opened, re-created or closed. */
  readonly onDidChangeEngine: vscode.Event<SyncEngine | undefined>;
  /** The engine's status (what the status bar shows), or undefined while not configured. */
  getStatus(): SyncStatus | undefined;
  /** The status bar item's current text. */
  getStatusBarText(): string;
  /** The context keys the manifest's `when` clauses read, as last set. */
  getContextKeys(): Record<ContextKey, boolean>;
  /** The local URL of the running webhook receiver, or undefined when stopped. */
  getWebhookUrl(): string | undefined;
  /** The read-only document of a conflict's Notion version (`side: 'notion'`) or base. */
  conflictUri(relPath: string, conflictId: number, side: 'notion' | 'base'): vscode.Uri;
  /** Problems entries Notion Sync reports for a file. */
  getProblems(uri: vscode.Uri): readonly vscode.Diagnostic[];
  /** Labels (titles) of the Documents view's nodes, depth first. */
  getDocumentLabels(): string[];
  /** The folder holding the state database (context.storageUri), or undefined without a workspace. */
  readonly storagePath: string | undefined;
  /** What the Notion source-control view lists (Conflicts, Local Changes, Incoming). */
  getScmEntries(): readonly ScmEntry[];
  /** Fires after the source-control view was rebuilt. */
  readonly onDidChangeScm: vscode.Event<readonly ScmEntry[]>;
  /** The original (last pulled Notion version) the editor gutter diffs a file against. */
  getQuickDiffOriginal(uri: vscode.Uri): vscode.Uri | undefined;
}

/** Calls `changed` when a folder's notion-sync.json is created, edited or deleted. */
function watchWorkspaceConfig(changed: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_CONFIG_FILE}`);
  const atTop = (uri: vscode.Uri) => {
    if (vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === path.dirname(uri.fsPath))) changed();
  };
  return vscode.Disposable.from(watcher, watcher.onDidChange(atTop), watcher.onDidCreate(atTop), watcher.onDidDelete(atTop));
}

let host: EngineHost | undefined;
let webhook: WebhookController | undefined;

export function activate(context: vscode.ExtensionContext): NotionSyncApi {
  const started = Date.now();
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const logger = channelLogger(channel);
  const keys = new ContextKeys();
  const tokens = new TokenStore(context.secrets);

  host = new EngineHost({
    storagePath: context.storageUri?.fsPath,
    extensionPath: context.extensionPath,
    tokens,
    workspaceFolder: () => vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath,
    readConfig: () => folderConfig(vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri),
    logger,
  });
  const engineHost = host;
  const edits = new LocalEdits(engineHost);
  const problems = new ProblemsReporter(engineHost);
  const background = new BackgroundSync(engineHost, logger, (report) => problems.report(report.index?.diagnostics));
  webhook = new WebhookController(engineHost, secretSource(context.secrets), keys, logger, () => {
    background.processSoon();
  });
  const views = {
    documents: new DocumentsProvider(engineHost),
    queue: new QueueProvider(engineHost),
    conflicts: new ConflictsProvider(engineHost, keys),
  };
  const statusBar = new StatusBar(engineHost);
  const scm = new NotionScm(engineHost, edits, keys);
  const services: Services = {
    host: engineHost,
    tokens,
    channel,
    logger,
    keys,
    diffs: new ConflictDiffs(engineHost, keys),
    background,
    webhook,
    problems,
    edits,
    statusBar,
    views,
  };

  context.subscriptions.push(
    channel,
    tokens,
    edits,
    problems,
    background,
    views.documents,
    views.queue,
    views.conflicts,
    statusBar,
    services.diffs,
    new RemoteContentProvider(engineHost),
    new SyncDecorations(engineHost),
    ...registerSetupCommands(services),
    ...registerSyncCommands(services),
    ...registerDocumentCommands(services),
    ...registerWebhookCommands(services),
    scm,
    ...registerScmCommands(services),
    ...registerMergeCommands(services),
    trackMergeCopies(services, keys),
    // The manifest's welcome views and menus follow these keys.
    engineHost.onDidApply((setup) => {
      keys.set(CONTEXT_KEYS.hasToken, setup.hasToken);
      keys.set(CONTEXT_KEYS.hasRoots, setup.hasRoots);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) void engineHost.reconfigure();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void engineHost.reconfigure()),
    // The CLI remembers roots (and other settings) in notion-sync.json: the extension follows the file.
    watchWorkspaceConfig(() => void engineHost.reconfigure()),
    tokens.onDidChange(() => void engineHost.reconfigure()),
  );

  // Reads the token and settings, and opens the engine if configured, after activate() returns.
  void engineHost.reconfigure();
  logger.info(`Notion Sync ${String(context.extension.packageJSON.version)} activated in ${Date.now() - started} ms (log level ${vscode.LogLevel[channel.logLevel]})`);
  context.subscriptions.push(channel.onDidChangeLogLevel((level) => logger.info(`log level ${vscode.LogLevel[level]}`)));

  return {
    getEngine: () => engineHost.engine,
    whenReady: () => engineHost.whenReady(),
    onDidChangeEngine: engineHost.onDidChangeEngine,
    getStatus: () => engineHost.status(),
    getStatusBarText: () => statusBar.text,
    getContextKeys: () => keys.snapshot(),
    getWebhookUrl: () => services.webhook.url,
    conflictUri: (relPath, conflictId, side) => toRemoteUri(relPath, { conflictId, side }),
    getProblems: (uri) => problems.get(uri),
    getDocumentLabels: () => views.documents.nodes().map((n) => n.label),
    storagePath: context.storageUri?.fsPath,
    getScmEntries: () => scm.entries(),
    onDidChangeScm: scm.onDidChange,
    getQuickDiffOriginal: (uri) => scm.provideOriginalResource(uri),
  };
}

/** Stops the webhook receiver and closes the engine, flushing the state database. */
export async function deactivate(): Promise<void> {
  await webhook?.dispose();
  await host?.dispose();
  webhook = undefined;
  host = undefined;
}
