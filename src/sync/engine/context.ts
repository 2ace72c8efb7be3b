// What every engine step needs, passed explicitly so the CLI, the extension and
// the tests drive the same code with their own parts.
import type { Logger } from '../logger';
import type { NotionGateway } from '../notion/gateway';
import type { LazyGateway } from './connection';
import type { SyncSettings } from '../settings';
import type { StateStore } from '../store/stateStore';
import type { PreviewFiles } from './previewFiles';
import type { WebhookJournal } from './webhookJournal';
import type { WriteIntents } from './writeJournal';

export interface EngineContext {
  /** Absolute path of the workspace folder. */
  workspace: string;
  settings: SyncSettings;
  store: StateStore;
  /** Notion. Opened engines build it on first use (see connection.ts): reading it from a command that is offline is a mistake. */
  readonly gateway: NotionGateway;
  /** Set by openEngine: the gateway's lazy holder, so status can read the rate limit without building it. */
  connection?: LazyGateway;
  logger: Logger;
  now: () => number;
  /**
   * Report file changes, pushes and creates instead of doing them. The store is
   * then an in-memory copy (see SyncEngine.previewPull), so state writes are harmless.
   */
  dryRun: boolean;
  /** In a dry run: the files as the planned pull would leave them. */
  preview?: PreviewFiles;
  /** Where acknowledged webhook events are durable before the database is flushed (webhookJournal.ts). */
  webhookJournal?: WebhookJournal;
  /** Where a pull announces a file write before making it (writeIntent.ts). */
  writeIntents?: WriteIntents;
}

/** One line of a pull's report: what happened (or would happen) to one file. */
export interface ChangeRecord {
  action: 'create' | 'update' | 'move' | 'trash' | 'restore' | 'conflict' | 'keep-local' | 'merge' | 'push';
  path: string;
  notionId: string;
  /** For moves: where the file was. */
  from?: string;
  detail?: string;
}
