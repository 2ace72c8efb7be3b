// Everything that syncs one workspace folder, as git has one repository per
// folder: its engine host (own settings, own state database, own Notion
// connection), its saved-edit tracker, Problems entries, background poller,
// webhook receiver, file decorations and its own Notion source control.
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SecretSource } from '../sync/engine/webhookSink';
import type { Logger } from '../sync/logger';
import { BackgroundSync } from './background';
import { SyncDecorations } from './decorations';
import { EngineHost, folderConfig } from './engineHost';
import { LocalEdits } from './localEdits';
import { NotionScm } from './notionScm';
import { ProblemsReporter } from './problemsReporter';
import type { SharedBudgets } from './sharedBudgets';
import type { TokenStore } from './tokenStore';
import { WebhookController } from './webhookController';

export interface SessionShared {
  /** context.storageUri's path; undefined without a workspace. */
  storageRoot: string | undefined;
  extensionPath: string;
  tokens: TokenStore;
  secrets: SecretSource;
  logger: Logger;
  /** True in a multi-root workspace: state goes below the storage root, log lines name the folder. */
  multiRoot: boolean;
  /** Called when a webhook receiver starts or stops (the context key is the union over folders). */
  onWebhookChange: () => void;
  /** Called when a poll or a webhook found new conflicts. */
  onConflictsGrew: () => void;
  /** One request budget per token across the folders. */
  budgets: SharedBudgets;
}

/**
 * Where a folder's state database lives. A single-folder window keeps the storage root
 * itself (where it always was); each folder of a multi-root workspace gets its own subfolder.
 */
export function folderStoragePath(storageRoot: string | undefined, folder: vscode.Uri, multiRoot: boolean): string | undefined {
  if (!storageRoot || !multiRoot) return storageRoot;
  return path.join(storageRoot, 'folders', createHash('sha256').update(folder.toString()).digest('hex').slice(0, 16));
}

/** Log lines of one folder of several say which folder they are about. */
function folderLogger(logger: Logger, name: string): Logger {
  const tag = (m: string | Error) => (typeof m === 'string' ? `(${name}) ${m}` : m);
  return {
    trace: (m, ...a) => logger.trace(tag(m) as string, ...a),
    debug: (m, ...a) => logger.debug(tag(m) as string, ...a),
    info: (m, ...a) => logger.info(tag(m) as string, ...a),
    warn: (m, ...a) => logger.warn(tag(m) as string, ...a),
    error: (m, ...a) => logger.error(tag(m), ...a),
  };
}

export class FolderSession implements vscode.Disposable {
  readonly host: EngineHost;
  readonly edits: LocalEdits;
  readonly problems: ProblemsReporter;
  readonly background: BackgroundSync;
  readonly webhook: WebhookController;
  readonly scm: NotionScm;
  readonly logger: Logger;
  private readonly decorations: SyncDecorations;

  readonly multiRoot: boolean;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    shared: SessionShared,
  ) {
    this.multiRoot = shared.multiRoot;
    this.logger = shared.multiRoot ? folderLogger(shared.logger, folder.name) : shared.logger;
    this.host = new EngineHost({
      storagePath: folderStoragePath(shared.storageRoot, folder.uri, shared.multiRoot),
      extensionPath: shared.extensionPath,
      tokens: shared.tokens,
      workspaceFolder: () => folder.uri.fsPath,
      readConfig: () => folderConfig(folder.uri),
      logger: this.logger,
      budgets: shared.budgets,
    });
    this.edits = new LocalEdits(this.host);
    this.problems = new ProblemsReporter(this.host);
    this.background = new BackgroundSync(this.host, this.logger, (report) => this.problems.report(report.index?.diagnostics), shared.onConflictsGrew);
    this.webhook = new WebhookController(this.host, shared.secrets, shared.onWebhookChange, this.logger, () => this.background.processSoon());
    this.scm = new NotionScm(this.host, this.edits);
    this.decorations = new SyncDecorations(this.host);
  }

  get path(): string {
    return this.folder.uri.fsPath;
  }

  async dispose(): Promise<void> {
    this.scm.dispose();
    this.decorations.dispose();
    this.background.dispose();
    this.problems.dispose();
    this.edits.dispose();
    await this.webhook.dispose();
    await this.host.dispose();
  }
}
