// The Queue view's rows: what is waiting, running, failing or given up, with
// tries, next attempt and last error. Pure: no `vscode`.
import type { QueueRow, QueueStatus } from '../sync/store/types';
import { COMMANDS, VIEWS } from './constants';
import { absoluteTime, plural, relativeTime } from './time';

export interface QueueNode {
  readonly type: 'operation';
  readonly id: string;
  readonly row: QueueRow;
  /** The workspace folder whose queue holds it. */
  readonly folder?: string;
}

/** Statuses the view lists; `done` rows are history (Clear Processed Queue removes them). */
export const SHOWN_STATUSES: readonly QueueStatus[] = ['processing', 'error', 'dead', 'pending'];

const OPERATION_WORDS: Record<QueueRow['operation'], string> = {
  insert: 'Add',
  update: 'Update',
  delete: 'Delete',
  move: 'Move',
  restore: 'Restore',
  refresh_project: 'Refresh database',
  pull_root: 'Pull root',
  push: 'Push',
};

export function sortQueue(rows: readonly QueueRow[], folder?: string): QueueNode[] {
  const rank = (s: QueueStatus) => SHOWN_STATUSES.indexOf(s);
  return rows
    .filter((r) => rank(r.status) >= 0)
    .sort((a, b) => rank(a.status) - rank(b.status) || a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
    .map((row) => ({ type: 'operation', id: folder ? `op:${folder}:${row.id}` : `op:${row.id}`, row, folder }));
}

export interface QueueItemShape {
  label: string;
  description: string;
  tooltip: string;
  /** `operation:<status>` as the manifest's menus expect. */
  contextValue: string;
  icon: string;
  color: string | undefined;
}

/** `titleOf` names the target (a mapped file's title) when the store knows it. */
export function queueItemShape(row: QueueRow, now: number, titleOf: (notionId: string) => string | undefined): QueueItemShape {
  const payloadTitle = typeof row.payload.title === 'string' && row.payload.title ? row.payload.title : undefined;
  const target = (row.notionId && titleOf(row.notionId)) || payloadTitle || row.notionId || row.localId || `#${row.id}`;
  const label = `${OPERATION_WORDS[row.operation]} ${target}`;
  let description: string;
  let icon: string;
  let color: string | undefined;
  switch (row.status) {
    case 'processing':
      description = 'in progress';
      icon = 'sync~spin';
      color = undefined;
      break;
    case 'pending':
      description = row.nextAttemptAt > now + 1000 ? `pending · starts ${relativeTime(row.nextAttemptAt, now)}` : 'pending';
      icon = 'clock';
      color = undefined;
      break;
    case 'error':
      description = `failed ${plural(row.retryCount, 'time')} · retry ${relativeTime(row.nextAttemptAt, now)}`;
      icon = 'warning';
      color = 'list.warningForeground';
      break;
    case 'dead':
      description = `gave up after ${plural(row.retryCount, 'try', 'tries')}`;
      icon = 'error';
      color = 'list.errorForeground';
      break;
    default:
      description = 'done';
      icon = 'check';
      color = undefined;
  }
  const tooltip = [
    label,
    `Status: ${row.status === 'dead' ? 'failed, not retried any more (Retry puts it back)' : row.status}`,
    `From: ${row.source}`,
    `Tries: ${row.retryCount} of ${row.maxRetries}`,
  ];
  if (row.status === 'pending' || row.status === 'error') tooltip.push(`Next attempt: ${absoluteTime(row.nextAttemptAt)} (${relativeTime(row.nextAttemptAt, now)})`);
  if (row.notionId) tooltip.push(`Notion id: ${row.notionId}`);
  if (row.lastError) tooltip.push(`Last error: ${row.lastError}`);
  return { label, description, tooltip: tooltip.join('\n'), contextValue: `operation:${row.status}`, icon, color };
}

/** The Queue view's badge: operations that failed (retrying or given up). */
export function failureCount(counts: Record<QueueStatus, number>): number {
  return counts.error + counts.dead;
}

/** Whether an operation is part of a failure: failed, given up, or being retried after failing. */
export function isFailing(row: QueueRow): boolean {
  return row.status === 'error' || row.status === 'dead' || (row.retryCount > 0 && (row.status === 'pending' || row.status === 'processing'));
}

/** What the failure notice says: how many, which (first three labels), and where to look or retry; `lead` comes last. */
export function failureNoticeText(labels: readonly string[], lead?: string): string {
  const names = labels.slice(0, 3);
  const more = labels.length > names.length ? ` and ${labels.length - names.length} more` : '';
  const what = `${plural(labels.length, 'operation')} failed: ${names.join(', ')}${more}.`;
  return `${what} [Show Queue](command:${VIEWS.queue}.focus) [Retry Failed](command:${COMMANDS.retryFailed})${lead ? ` ${lead}` : ''}`;
}
