// The workspace's folders, each synced by its own FolderSession: created and
// disposed as folders are added and removed, with the sessions' events merged
// for the views that show every folder (Documents, Queue, Conflicts, status bar).
import path from 'node:path';
import * as vscode from 'vscode';
import { EVERYTHING, type EngineChange } from '../sync/engine/changes';
import type { SyncEngine } from '../sync/engine/engine';
import { CONTEXT_KEYS } from './constants';
import type { ContextKeys } from './contextKeys';
import type { EngineHost } from './engineHost';
import type { ScmEntry } from './scmEntries';
import { FolderSession, type SessionShared } from './folderSession';
import type { SetupState } from './statusText';
import { Serial } from './serial';

export class Folders implements vscode.Disposable {
  private sessions: FolderSession[] = [];
  private readonly listeners = new Map<FolderSession, vscode.Disposable[]>();
  private readonly serial = new Serial();
  private readonly subscriptions: vscode.Disposable[] = [];

  private readonly changeEmitter = new vscode.EventEmitter<EngineChange>();
  /** A folder's documents, queue, conflicts or status changed (typed, throttled per folder by its host); everything when folders come or go. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly engineEmitter = new vscode.EventEmitter<SyncEngine | undefined>();
  /** A folder's engine opened, was re-created or closed. */
  readonly onDidChangeEngine = this.engineEmitter.event;
  private readonly scmEmitter = new vscode.EventEmitter<readonly ScmEntry[]>();
  /** A folder's source-control view was rebuilt (carries that folder's entries). */
  readonly onDidChangeScm = this.scmEmitter.event;
  private readonly applyEmitter = new vscode.EventEmitter<SetupState>();
  /** A folder's reconfiguration ended; carries the setup of all folders together. */
  readonly onDidApply = this.applyEmitter.event;

  constructor(
    private readonly shared: Omit<SessionShared, 'multiRoot' | 'onWebhookChange'>,
    private readonly keys: ContextKeys,
  ) {
    this.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reconfigure()));
  }

  /** The folders' sessions in the workspace's order. */
  get all(): readonly FolderSession[] {
    return this.sessions;
  }

  get multiRoot(): boolean {
    return this.sessions.length > 1;
  }

  /** The session of the folder holding this file (the innermost, for nested folders). */
  forPath(fsPath: string): FolderSession | undefined {
    const inside = this.sessions.filter((s) => {
      const rel = path.relative(s.path, fsPath);
      return !rel.startsWith('..') && !path.isAbsolute(rel);
    });
    return inside.sort((a, b) => b.path.length - a.path.length)[0];
  }

  forUri(uri: vscode.Uri): FolderSession | undefined {
    return uri.scheme === 'file' ? this.forPath(uri.fsPath) : undefined;
  }

  /** Where a command without a file goes: the only folder, else the first with an engine, else the first. */
  get fallback(): FolderSession | undefined {
    return this.sessions.find((s) => s.host.engine) ?? this.sessions[0];
  }

  /** Setup of all folders together: a token is shared; roots, folders and errors are any folder's. */
  get setup(): SetupState {
    const setups = this.sessions.map((s) => s.host.setup);
    const named = this.sessions.map((s) => (s.host.setup.settingsError && this.multiRoot ? `${s.folder.name}: ${s.host.setup.settingsError}` : s.host.setup.settingsError));
    return {
      hasToken: setups.some((s) => s.hasToken),
      hasRoots: setups.some((s) => s.hasRoots),
      hasFolder: setups.some((s) => s.hasFolder),
      settingsError: named.find((e) => e),
    };
  }

  /** Follows the workspace's folders, then applies every folder's settings and the token. */
  reconfigure(): Promise<void> {
    return this.serial.run(() => this.apply());
  }

  whenReady(): Promise<void> {
    return this.serial.idle().then(() => Promise.all(this.sessions.map((s) => s.host.whenReady()))).then(() => undefined);
  }

  private async apply(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const multiRoot = folders.length > 1;
    // A folder whose place changed (or a window turning multi-root) gets a new session: its state path changes.
    const keep = (s: FolderSession) => folders.some((f) => f.uri.toString() === s.folder.uri.toString() && f.index === s.folder.index) && s.multiRoot === multiRoot;
    const gone = this.sessions.filter((s) => !keep(s));
    for (const s of gone) await this.drop(s);
    const next = folders.map((f) => this.sessions.find((s) => keep(s) && s.folder.uri.toString() === f.uri.toString()) ?? this.add(f, multiRoot));
    this.sessions = next;
    await Promise.all(next.map((s) => s.host.reconfigure()));
    this.updateKeys();
    this.applyEmitter.fire(this.setup);
    this.changeEmitter.fire(EVERYTHING);
  }

  private add(folder: vscode.WorkspaceFolder, multiRoot: boolean): FolderSession {
    const session = new FolderSession(folder, { ...this.shared, multiRoot, onWebhookChange: () => this.updateKeys() });
    const host: EngineHost = session.host;
    this.listeners.set(session, [
      host.onDidChange((change) => {
        this.updateKeys();
        this.changeEmitter.fire(change);
      }),
      host.onDidChangeEngine((engine) => this.engineEmitter.fire(engine)),
      host.onDidApply(() => this.applyEmitter.fire(this.setup)),
      session.scm.onDidChange((entries) => this.scmEmitter.fire(entries)),
    ]);
    return session;
  }

  private async drop(session: FolderSession): Promise<void> {
    for (const d of this.listeners.get(session) ?? []) d.dispose();
    this.listeners.delete(session);
    this.sessions = this.sessions.filter((s) => s !== session);
    await session.dispose();
    this.engineEmitter.fire(undefined);
  }

  /** Keys the manifest's menus read: true when any folder has it. */
  private updateKeys(): void {
    const setup = this.setup;
    this.keys.set(CONTEXT_KEYS.hasToken, setup.hasToken);
    this.keys.set(CONTEXT_KEYS.hasRoots, setup.hasRoots);
    this.keys.set(CONTEXT_KEYS.bidirectional, this.sessions.some((s) => s.host.settings?.mode === 'bidirectional'));
    this.keys.set(CONTEXT_KEYS.webhookRunning, this.sessions.some((s) => s.webhook.running));
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    await this.serial.idle();
    for (const s of [...this.sessions]) await this.drop(s);
    this.changeEmitter.dispose();
    this.engineEmitter.dispose();
    this.applyEmitter.dispose();
    this.scmEmitter.dispose();
  }
}
