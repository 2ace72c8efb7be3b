// The "N conflicts to resolve" notice: a standing notice (standingNotice.ts)
// that lasts while the conflicts it names are unresolved. When some are
// resolved it is replaced by one with the new count; when none is left it closes.
import path from 'node:path';
import type * as vscode from 'vscode';
import type { ConflictRow } from '../sync/store/types';
import { conflictNoticeText } from './conflictItems';
import type { Folders } from './folders';
import { StandingNotice } from './standingNotice';

export class ConflictNotice implements vscode.Disposable {
  private readonly notice = new StandingNotice();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly folders: Folders) {
    // Resolved elsewhere (a view, the CLI, Notion): the notice follows.
    this.subscription = folders.onDidChange((c) => c.conflicts && this.follow());
  }

  /** The message on screen, or undefined when none is (tests read it). */
  get message(): string | undefined {
    return this.notice.message;
  }

  /** Shows the notice for the conflicts unresolved now (replacing one shown). */
  show(lead?: string): void {
    const conflicts = this.unresolved();
    if (conflicts.length === 0) return this.notice.close();
    const message = conflictNoticeText(conflicts.map((c) => ({ path: c.row.path, file: path.join(c.folder, ...c.row.path.split('/')) })), lead);
    this.notice.show(keyOf(conflicts), message);
  }

  /** Closes the notice when its conflicts are gone; a smaller set replaces it with the new count. */
  private follow(): void {
    if (this.notice.key === undefined) return;
    const conflicts = this.unresolved();
    if (conflicts.length === 0) this.notice.close();
    else if (keyOf(conflicts) !== this.notice.key) this.show();
  }

  private unresolved(): { folder: string; row: ConflictRow }[] {
    return this.folders.all.flatMap((f) => f.host.engine?.read.conflicts().map((row) => ({ folder: f.path, row })) ?? []);
  }

  dispose(): void {
    this.subscription.dispose();
    this.notice.dispose();
  }
}

function keyOf(conflicts: readonly { folder: string; row: ConflictRow }[]): string {
  return conflicts
    .map((c) => `${c.folder}:${c.row.id}`)
    .sort()
    .join('|');
}
