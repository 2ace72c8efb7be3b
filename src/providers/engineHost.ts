// Owns the engine's lifetime: nothing is opened until a token, a root and a
// folder exist; a change of settings or token re-creates it (no reload). Every
// reconfiguration runs in order, so `whenReady()` means "what I changed so far
// has been applied".
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { buildGateway } from '../sync/engine/connection';
import { openEngine, type OpenedEngine } from '../sync/engine/open';
import { EVERYTHING, mergeChanges, type EngineChange } from '../sync/engine/changes';
import type { SyncEngine } from '../sync/engine/engine';
import type { SyncStatus } from '../sync/engine/status';
import type { Logger } from '../sync/logger';
import type { NotionGateway } from '../sync/notion/gateway';
import { DEFAULT_SETTINGS, readWorkspaceConfig, type SyncSettings } from '../sync/settings';
import { SetupRequiredError } from './errorAdvice';
import { CONFIG_SECTION } from './constants';
import { settingsFromSources, type ConfigSource } from './settingsInput';
import type { SetupState } from './statusText';
import type { TokenStore } from './tokenStore';
import { Serial } from './serial';
import type { BudgetLease, SharedBudgets } from './sharedBudgets';

export interface EngineHostOptions {
  /** context.storageUri's path; undefined without a workspace. */
  storagePath: string | undefined;
  extensionPath: string;
  tokens: TokenStore;
  workspaceFolder: () => string | undefined;
  /** VS Code's notionSync.* settings as they apply to the folder. */
  readConfig: () => ConfigSource;
  logger: Logger;
  /** Request budgets shared by the folders' engines of one token (sharedBudgets.ts); absent: the engine's own. */
  budgets?: SharedBudgets;
}

/** The notionSync.* settings of one folder (resource scope), and which of them a person set. */
export function folderConfig(folder: vscode.Uri | undefined): ConfigSource {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, folder);
  return {
    get: (key) => config.get(key),
    isSet: (key) => {
      const i = config.inspect(key);
      return i !== undefined && [i.globalValue, i.workspaceValue, i.workspaceFolderValue].some((v) => v !== undefined);
    },
  };
}

export class EngineHost implements vscode.Disposable {
  private opened: OpenedEngine | undefined;
  private lease: BudgetLease | undefined;
  private openedKey: string | undefined;
  private lifetime = new AbortController();
  private unsubscribe: (() => void) | undefined;
  private readonly serial = new Serial();
  private disposed = false;
  private throttle: NodeJS.Timeout | undefined;
  private pendingChange: EngineChange | null = null;
  private _setup: SetupState = { hasToken: false, hasRoots: false, hasFolder: false };
  private _settings: SyncSettings | undefined;
  private _token: string | undefined;
  private openError: string | undefined;
  /** The gateway notion() built while no engine is open, for the token and API URL in its key. */
  private standalone: { key: string; gateway: NotionGateway } | undefined;

  private readonly engineEmitter = new vscode.EventEmitter<SyncEngine | undefined>();
  /** Fires when the engine is opened, re-created or closed. */
  readonly onDidChangeEngine = this.engineEmitter.event;
  private readonly setupEmitter = new vscode.EventEmitter<SetupState>();
  /** Fires at the end of every reconfiguration, before whenReady() resolves: for context keys. */
  readonly onDidApply = this.setupEmitter.event;
  private readonly changeEmitter = new vscode.EventEmitter<EngineChange>();
  /**
   * The open engine's typed change events (sync/engine/changes.ts), merged over
   * 100 ms so a busy pull does not redraw the views on every row; everything
   * changes when an engine opens or closes.
   */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly options: EngineHostOptions) {}

  get engine(): SyncEngine | undefined {
    return this.opened?.engine;
  }

  /**
   * Notion, for commands that talk to it: the engine's gateway, or before an
   * engine opens (no root yet, while adding the first one) one built from the
   * same token and settings. Built on first use; nothing else builds one.
   */
  notion(): NotionGateway {
    if (this.opened) return this.opened.gateway;
    if (!this._token) throw new SetupRequiredError('Set your Notion API token first.', 'Set API Token');
    return this.gatewayFor(this._token);
  }

  /** A gateway with the host's settings for a given token (Set API Token checks a new token with Notion before saving it). */
  gatewayFor(token: string): NotionGateway {
    // The URL set now wins over the one last applied: a token set right after the setting changed
    // must not go to the old address (the reconfiguration may not have run yet).
    const config = this.options.readConfig();
    const set = config.isSet('apiBaseUrl') ? String(config.get('apiBaseUrl')).replace(/\/+$/, '') : undefined;
    const baseUrl = set ?? this._settings?.apiBaseUrl ?? DEFAULT_SETTINGS.apiBaseUrl;
    const key = `${createHash('sha256').update(token).digest('hex')} ${baseUrl}`;
    if (this.standalone?.key !== key) {
      this.standalone = { key, gateway: buildGateway({ token, baseUrl, logger: this.options.logger, requestsPerMinute: this._settings?.requestsPerMinute }) };
    }
    return this.standalone.gateway;
  }

  get setup(): SetupState {
    return this._setup;
  }

  /** Valid settings as last read, even while no engine is open. */
  get settings(): SyncSettings | undefined {
    return this._settings;
  }

  get token(): string | undefined {
    return this._token;
  }

  /** Aborted when the current engine closes: long work started on it stops. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  /** Where this folder's state database lives. */
  get storagePath(): string | undefined {
    return this.options.storagePath;
  }

  get workspaceFolder(): string | undefined {
    return this.options.workspaceFolder();
  }

  status(): SyncStatus | undefined {
    return this.opened?.engine.getSyncStatus();
  }

  /** Applies the current settings and token; queued behind any reconfiguration in flight. */
  reconfigure(): Promise<void> {
    return this.serial.run(() => this.apply());
  }

  whenReady(): Promise<void> {
    return this.serial.idle();
  }

  /** The engine, or an error saying which step of the setup is missing. */
  requireEngine(): SyncEngine {
    const engine = this.engine;
    if (engine) return engine;
    const s = this._setup;
    if (s.settingsError) throw new SetupRequiredError(`Notion Sync settings are invalid: ${s.settingsError}`, 'Open Settings');
    if (!s.hasFolder) throw new SetupRequiredError('Open a folder first: Notion Sync writes pages into the workspace.', 'Open Folder');
    if (!s.hasToken) throw new SetupRequiredError('Notion Sync has no API token yet.', 'Set API Token');
    if (!s.hasRoots) throw new SetupRequiredError('Choose a Notion page or database to sync first.', 'Add Root');
    throw new SetupRequiredError(`The sync engine could not start${this.openError ? `: ${this.openError}` : ''}.`, 'Show Log');
  }

  private changed(change: EngineChange): void {
    this.pendingChange = mergeChanges(this.pendingChange, change);
    if (this.throttle) return;
    this.throttle = setTimeout(() => {
      const merged = this.pendingChange;
      this.throttle = undefined;
      this.pendingChange = null;
      if (!this.disposed && merged) this.changeEmitter.fire(merged);
    }, 100);
  }

  private async apply(): Promise<void> {
    if (this.disposed) return;
    const { logger } = this.options;
    const token = await this.options.tokens.get();
    const folder = this.options.workspaceFolder();
    let settings: SyncSettings | undefined;
    let settingsError: string | undefined;
    try {
      // The CLI's notion-sync.json (roots it remembered, keys VS Code leaves at their defaults) counts too.
      const file = folder ? await readWorkspaceConfig(folder) : {};
      settings = settingsFromSources(this.options.readConfig(), file);
    } catch (e) {
      settingsError = e instanceof Error ? e.message : String(e);
    }
    this._token = token;
    this._settings = settings;
    this._setup = { hasToken: !!token, hasRoots: (settings?.roots.length ?? 0) > 0, hasFolder: !!folder, settingsError };
    const ready = !!token && !!settings && settings.roots.length > 0 && !!folder && !!this.options.storagePath;
    const key = ready ? JSON.stringify({ folder, settings, token: createHash('sha256').update(token as string).digest('hex') }) : undefined;
    if (key !== this.openedKey) {
      await this.close();
      if (ready && settings && token && folder && this.options.storagePath) await this.open(folder, settings, token, this.options.storagePath, key as string);
    }
    if (settingsError) logger.warn(settingsError);
    this.setupEmitter.fire(this._setup);
  }

  private async open(folder: string, settings: SyncSettings, token: string, storagePath: string, key: string): Promise<void> {
    const { logger } = this.options;
    const started = Date.now();
    try {
      mkdirSync(storagePath, { recursive: true });
      this.lease = this.options.budgets?.lease(token, settings.apiBaseUrl, settings.requestsPerMinute, folder);
      const opened = await openEngine({
        limiter: this.lease?.limiter,
        workspace: folder,
        settings,
        token,
        statePath: path.join(storagePath, 'state.sqlite'),
        wasmPath: path.join(this.options.extensionPath, 'dist', 'sql-wasm.wasm'),
        logger,
      });
      this.opened = opened;
      this.openedKey = key;
      this.openError = undefined;
      this.lifetime = new AbortController();
      this.unsubscribe = opened.engine.onDidChange((change) => this.changed(change));
      logger.info(`[Host] engine ready for ${folder} (${settings.mode} mode, ${settings.roots.length} root(s), ${Date.now() - started} ms)`);
      this.engineEmitter.fire(opened.engine);
      this.changed(EVERYTHING);
    } catch (e) {
      this.openError = e instanceof Error ? e.message : String(e);
      this.openedKey = undefined;
      this.releaseBudget();
      logger.error(`[Host] the sync engine could not start: ${this.openError}`);
      void vscode.window.showErrorMessage(`Notion Sync could not start: ${this.openError}`, 'Show Log').then((choice) => {
        if (choice) void vscode.commands.executeCommand('notionSync.showLog');
      });
    }
  }

  private async close(): Promise<void> {
    const opened = this.opened;
    this.openedKey = undefined;
    if (!opened) return;
    this.opened = undefined;
    this.lifetime.abort();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.engineEmitter.fire(undefined);
    this.changed(EVERYTHING);
    try {
      await opened.close();
      this.options.logger.info('[Host] engine closed');
    } catch (e) {
      this.options.logger.error(`[Host] closing the engine failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.releaseBudget();
  }

  private releaseBudget(): void {
    this.lease?.release();
    this.lease = undefined;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.throttle) clearTimeout(this.throttle);
    await this.serial.idle();
    await this.close();
    this.engineEmitter.dispose();
    this.setupEmitter.dispose();
    this.changeEmitter.dispose();
  }
}
