// Builds an engine from its parts: the state database, the gateway and the
// settings. The CLI and the extension both start here.
import path from 'node:path';
import type { Logger } from '../logger';
import type { BudgetLimiter } from '../notion/budgetLimiter';
import type { NotionGateway } from '../notion/gateway';
import { ENGINE_DIR, type SyncSettings } from '../settings';
import { openStateStore, type StateStore } from '../store/stateStore';
import { LazyGateway } from './connection';
import type { EngineContext } from './context';
import { SyncEngine } from './engine';
import { openWebhookJournal } from './webhookJournal';
import { recoverInterruptedWrites } from './writeIntent';
import { openWriteIntents } from './writeJournal';

export interface OpenEngineOptions {
  workspace: string;
  settings: SyncSettings;
  /** Absent: commands that stay offline work; the first one that talks to Notion gets MissingTokenError. */
  token: string | undefined;
  /** Default: <workspace>/.notion-sync/state.sqlite. */
  statePath?: string;
  wasmPath?: string;
  logger: Logger;
  dryRun?: boolean;
  /** Overrides `settings.requestsPerMinute` (tests and benchmarks open the limiter up). */
  requestsPerSecond?: number;
  /** A request budget shared with other engines of the same token (the extension's multi-root folders). */
  limiter?: BudgetLimiter;
  fetch?: typeof fetch;
  /** The engine's clock; tests move it to model time passing between pulls. */
  now?: () => number;
}

export interface OpenedEngine {
  engine: SyncEngine;
  store: StateStore;
  /** Built on first use (see connection.ts). */
  readonly gateway: NotionGateway;
  close(): Promise<void>;
}

export function defaultStatePath(workspace: string): string {
  return path.join(workspace, ENGINE_DIR, 'state.sqlite');
}

export async function openEngine(opts: OpenEngineOptions): Promise<OpenedEngine> {
  const statePath = opts.statePath ?? defaultStatePath(opts.workspace);
  const store = await openStateStore({ path: statePath, wasmPath: opts.wasmPath, logger: opts.logger, readOnly: !!opts.dryRun });
  if (store.recoveredFromCorruption) {
    opts.logger.warn('the state database was unreadable and has been rebuilt; mappings are recovered from the files\' frontmatter on the next pull');
  }
  const connection = new LazyGateway({
    token: opts.token,
    baseUrl: opts.settings.apiBaseUrl,
    logger: opts.logger,
    requestsPerMinute: opts.requestsPerSecond ? opts.requestsPerSecond * 60 : opts.settings.requestsPerMinute,
    limiter: opts.limiter,
    fetch: opts.fetch,
  });
  const ctx: EngineContext = {
    workspace: path.resolve(opts.workspace),
    settings: opts.settings,
    store,
    get gateway() {
      return connection.get();
    },
    connection,
    logger: opts.logger,
    now: opts.now ?? Date.now,
    dryRun: !!opts.dryRun,
    webhookJournal: opts.dryRun ? undefined : openWebhookJournal(statePath),
    writeIntents: opts.dryRun ? undefined : openWriteIntents(statePath),
  };
  const engine = new SyncEngine(ctx);
  // Webhook events acknowledged before a crash that the database had not yet flushed.
  await engine.replayWebhookJournal();
  // Files a crashed run wrote before it saved their state: taken as its writes, not as local edits.
  await recoverInterruptedWrites(ctx);
  return {
    engine,
    store,
    get gateway() {
      return connection.get();
    },
    async close() {
      await engine.dispose();
      await store.close();
    },
  };
}
