// "N operations failed", as a standing notice (standingNotice.ts): a command
// that ran into failures raises it, and it closes once none of the operations
// it names is failing any more (retried with success, removed, or cleared), so
// a warning never stays on screen about a queue that is healthy again.
import type * as vscode from 'vscode';
import type { QueueRow } from '../sync/store/types';
import type { Folders } from './folders';
import { failureNoticeText, isFailing, queueItemShape } from './queueItems';
import { StandingNotice } from './standingNotice';

interface Failing {
  folder: string;
  row: QueueRow;
  label: string;
}

export class FailureNotice implements vscode.Disposable {
  private readonly notice = new StandingNotice();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly folders: Folders) {
    this.subscription = folders.onDidChange((c) => c.queue && this.follow());
  }

  get message(): string | undefined {
    return this.notice.message;
  }

  /** Shows the operations failing now (replacing a notice shown); `lead` adds the run's other news. */
  show(lead?: string): void {
    const failing = this.failing();
    if (failing.length === 0) return this.notice.close();
    this.notice.show(keyOf(failing), failureNoticeText(failing.map((f) => f.label), lead));
  }

  /** Closes when the failures are gone; fewer of them replace the notice with the new count. */
  private follow(): void {
    const key = this.notice.key;
    if (key === undefined) return;
    const shown = new Set(key.split('|'));
    const still = this.failing().filter((f) => shown.has(idOf(f)));
    if (still.length === 0) this.notice.close();
    else if (keyOf(still) !== key) this.notice.show(keyOf(still), failureNoticeText(still.map((f) => f.label)));
  }

  private failing(): Failing[] {
    const now = Date.now();
    return this.folders.all.flatMap((f) => {
      const read = f.host.engine?.read;
      if (!read) return [];
      const rows = read.queue({ status: ['error', 'dead', 'pending', 'processing'] }).filter(isFailing);
      return rows.map((row) => ({ folder: f.path, row, label: queueItemShape(row, now, (id) => read.mapByNotionId(id)?.path ?? undefined).label }));
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.notice.dispose();
  }
}

function idOf(f: Failing): string {
  return `${f.folder}:${f.row.id}`;
}

function keyOf(failing: readonly Failing[]): string {
  return failing.map(idOf).sort().join('|');
}
