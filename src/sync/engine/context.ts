// What every engine step needs, passed explicitly so the CLI, the extension and
// the tests drive the same code with their own parts.
import type { Logger } from '../logger';
import type { NotionGateway } from '../notion/gateway';
import type { SyncSettings } from '../settings';
import type { StateStore } from '../store/stateStore';

export interface EngineContext {
  /** Absolute path of the workspace folder. */
  workspace: string;
  settings: SyncSettings;
  store: StateStore;
  gateway: NotionGateway;
  logger: Logger;
  now: () => number;
  /** Compute and report, write nothing (no file, no state). */
  dryRun: boolean;
}

/** One line of a pull's report: what happened (or would happen) to one file. */
export interface ChangeRecord {
  action: 'create' | 'update' | 'move' | 'trash' | 'restore' | 'conflict' | 'keep-local' | 'merge';
  path: string;
  notionId: string;
  /** For moves: where the file was. */
  from?: string;
  detail?: string;
}
