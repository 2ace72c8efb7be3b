// What command handlers reach: the parts activate() built, passed explicitly.
// A handler works on one folder: `Services` is the shared parts with that
// folder's session (host, edits, background, problems, webhook), chosen by
// `inFolder` from what the command was invoked on (folderArgs.ts).
import type * as vscode from 'vscode';
import type { Logger } from '../sync/logger';
import type { BackgroundSync } from './background';
import type { ConflictDiffs } from './conflictDiff';
import type { ConflictNotice } from './conflictNotice';
import type { ConflictsProvider } from './conflictsView';
import type { ContextKeys } from './contextKeys';
import type { DocumentsProvider } from './documentsView';
import type { EngineHost } from './engineHost';
import type { FailureNotice } from './failureNotice';
import type { Folders } from './folders';
import type { LocalEdits } from './localEdits';
import type { ProblemsReporter } from './problemsReporter';
import type { QueueProvider } from './queueView';
import type { StatusBar } from './statusBar';
import type { TokenStore } from './tokenStore';
import type { WebhookController } from './webhookController';

/** The parts every folder shares. */
export interface SharedServices {
  folders: Folders;
  tokens: TokenStore;
  channel: vscode.LogOutputChannel;
  logger: Logger;
  keys: ContextKeys;
  diffs: ConflictDiffs;
  /** The standing "N conflicts to resolve" notification, closed when they are resolved. */
  notice: ConflictNotice;
  /** The standing "N operations failed" notification, closed when they no longer fail. */
  failures: FailureNotice;
  statusBar: StatusBar;
  views: { documents: DocumentsProvider; queue: QueueProvider; conflicts: ConflictsProvider };
}

/** The shared parts with one folder's session. */
export interface Services extends SharedServices {
  host: EngineHost;
  edits: LocalEdits;
  background: BackgroundSync;
  problems: ProblemsReporter;
  webhook: WebhookController;
}
