// The "N conflicts to resolve" notification, which must not outlive its news.
// VS Code cannot close a message once shown (showWarningMessage), but it closes
// a progress notification when its task ends: so the notice is one, whose task
// lasts while the conflicts it names are unresolved. When some are resolved it
// is replaced by one with the new count; when none is left it closes.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictRow } from '../sync/store/types';
import { conflictNoticeText } from './conflictItems';
import type { Folders } from './folders';

interface Shown {
  key: string;
  message: string;
  close: () => void;
}

export class ConflictNotice implements vscode.Disposable {
  private shown: Shown | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly folders: Folders) {
    // Resolved elsewhere (a view, the CLI, Notion): the notice follows.
    this.subscription = folders.onDidChange((c) => c.conflicts && this.follow());
  }

  /** The message on screen, or undefined when none is (tests read it). */
  get message(): string | undefined {
    return this.shown?.message;
  }

  /** Shows the notice for the conflicts unresolved now (replacing one shown). */
  show(lead?: string): void {
    const conflicts = this.unresolved();
    this.close();
    if (conflicts.length === 0) return;
    const message = conflictNoticeText(conflicts.map((c) => ({ path: c.row.path, file: path.join(c.folder, ...c.row.path.split('/')) })), lead);
    let close: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      close = resolve;
    });
    this.shown = { key: keyOf(conflicts), message, close };
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Notion Sync: ${message}` }, () => done);
  }

  /** Closes the notice when its conflicts are gone; a smaller set replaces it with the new count. */
  private follow(): void {
    if (!this.shown) return;
    const conflicts = this.unresolved();
    if (conflicts.length === 0) this.close();
    else if (keyOf(conflicts) !== this.shown.key) this.show();
  }

  private unresolved(): { folder: string; row: ConflictRow }[] {
    return this.folders.all.flatMap((f) => f.host.engine?.read.conflicts().map((row) => ({ folder: f.path, row })) ?? []);
  }

  private close(): void {
    this.shown?.close();
    this.shown = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.close();
  }
}

function keyOf(conflicts: readonly { folder: string; row: ConflictRow }[]): string {
  return conflicts
    .map((c) => `${c.folder}:${c.row.id}`)
    .sort()
    .join('|');
}
