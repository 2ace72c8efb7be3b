// One status bar item for the whole workspace: synced / syncing n/m / n pending /
// n conflicts / error, over every folder (each folder's line in the tooltip when
// there are several).
import * as vscode from 'vscode';
import type { SyncStatus } from '../sync/engine/status';
import { COMMANDS } from './constants';
import type { Folders } from './folders';
import { combineStatuses, statusShape } from './statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('notionSync.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];
  /** Relative times in the tooltip age; refresh them now and then. */
  private readonly clock = setInterval(() => this.update(), 60_000);

  constructor(private readonly folders: Folders) {
    this.item.name = 'Notion Sync';
    this.item.command = COMMANDS.showStatus;
    // Setup changes (token, roots) show at once; engine activity is throttled by each folder's host.
    this.subscriptions = [folders.onDidApply(() => this.update()), folders.onDidChange(() => this.update())];
    this.update();
    this.item.show();
  }

  /** Current text, for tests. */
  get text(): string {
    return this.item.text;
  }

  /** Every open folder's status together, or undefined while none is open. */
  status(): SyncStatus | undefined {
    return combineStatuses(this.folders.all.map((f) => f.host.status()).filter((s): s is SyncStatus => s !== undefined));
  }

  update(): void {
    const now = Date.now();
    const shape = statusShape(this.status(), this.folders.setup, now);
    this.item.text = shape.text;
    const perFolder = this.folders.multiRoot
      ? this.folders.all.map((f) => `${f.folder.name}: ${statusShape(f.host.status(), f.host.setup, now).text.replace(/\$\([^)]+\)\s*(Notion:?\s*)?/, '') || (f.host.setup.settingsError ? 'settings error' : 'starting')}`)
      : [];
    this.item.tooltip = [shape.tooltip, ...perFolder].join('\n');
    this.item.backgroundColor =
      shape.kind === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : shape.kind === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    clearInterval(this.clock);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
