// One-line summaries of a pull or sync for notifications, and the progress
// line for withProgress. Pure: no `vscode`.
import type { Progress, PullReport } from '../sync/engine/engine';
import { plural } from './time';

const ACTION_WORDS: [action: PullReport['changes'][number]['action'], one: string, many?: string][] = [
  ['create', 'created'],
  ['update', 'updated'],
  ['move', 'moved'],
  ['merge', 'merged'],
  ['trash', 'moved to the trash'],
  ['restore', 'restored'],
  ['keep-local', 'local edit kept', 'local edits kept'],
];

export function summariseReport(report: Pick<PullReport, 'changes' | 'failed' | 'conflicts' | 'blockedDeletions' | 'dryRun'>): string {
  const parts: string[] = [];
  for (const [action, one, many] of ACTION_WORDS) {
    const n = report.changes.filter((c) => c.action === action).length;
    if (n === 0) continue;
    parts.push(many ? (n === 1 ? `1 ${one}` : `${n} ${many}`) : `${n} ${one}`);
  }
  if (report.conflicts > 0) parts.push(`${plural(report.conflicts, 'conflict')} to resolve`);
  if (report.failed > 0) parts.push(`${plural(report.failed, 'operation')} failed (see the Queue)`);
  if (report.blockedDeletions.length > 0) parts.push(`${plural(report.blockedDeletions.length, 'deletion')} held back`);
  if (parts.length === 0) return report.dryRun ? 'nothing would change' : 'everything is up to date';
  return parts.join(', ');
}

const PHASE_WORDS: Record<Progress['phase'], string> = {
  index: 'Scanning the workspace',
  discover: 'Asking Notion what changed',
  apply: 'Applying changes',
};

export function progressMessage(p: Progress): string {
  const count = p.total > 0 ? ` ${p.done}/${p.total}` : p.done > 0 ? ` (${p.done})` : '';
  return `${PHASE_WORDS[p.phase]}${count}`;
}

/** Percent done in the apply phase; undefined while the total is unknown. */
export function progressPercent(p: Progress): number | undefined {
  if (p.phase !== 'apply' || p.total <= 0) return undefined;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}
