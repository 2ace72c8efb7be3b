// What command handlers reach: the parts activate() built, passed explicitly.
import type * as vscode from 'vscode';
import type { Logger } from '../sync/logger';
import type { BackgroundSync } from './background';
import type { ConflictDiffs } from './conflictDiff';
import type { ConflictsProvider } from './conflictsView';
import type { ContextKeys } from './contextKeys';
import type { DocumentsProvider } from './documentsView';
import type { EngineHost } from './engineHost';
import type { LocalEdits } from './localEdits';
import type { ProblemsReporter } from './problemsReporter';
import type { QueueProvider } from './queueView';
import type { StatusBar } from './statusBar';
import type { TokenStore } from './tokenStore';
import type { WebhookController } from './webhookController';

export interface Services {
  host: EngineHost;
  tokens: TokenStore;
  channel: vscode.LogOutputChannel;
  logger: Logger;
  keys: ContextKeys;
  diffs: ConflictDiffs;
  background: BackgroundSync;
  webhook: WebhookController;
  problems: ProblemsReporter;
  edits: LocalEdits;
  statusBar: StatusBar;
  views: { documents: DocumentsProvider; queue: QueueProvider; conflicts: ConflictsProvider };
}
