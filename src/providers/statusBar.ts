// One status bar item: synced / syncing n/m / n pending / n conflicts / error.
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import type { EngineHost } from './engineHost';
import { statusShape } from './statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('notionSync.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];
  /** Relative times in the tooltip age; refresh them now and then. */
  private readonly clock = setInterval(() => this.update(), 60_000);

  constructor(private readonly host: EngineHost) {
    this.item.name = 'Notion Sync';
    this.item.command = COMMANDS.showStatus;
    // Setup changes (token, roots) show at once; engine activity is throttled by the host.
    this.subscriptions = [host.onDidApply(() => this.update()), host.onDidChange(() => this.update())];
    this.update();
    this.item.show();
  }

  /** Current text, for tests. */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const shape = statusShape(this.host.status(), this.host.setup, Date.now());
    this.item.text = shape.text;
    this.item.tooltip = shape.tooltip;
    this.item.backgroundColor =
      shape.kind === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : shape.kind === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    clearInterval(this.clock);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
