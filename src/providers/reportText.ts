// One-line summaries of a pull or sync for notifications, and the progress
// line for withProgress. Pure: no `vscode`.
import type { Progress, PullReport } from '../sync/engine/engine';
import { COMMANDS } from './constants';
import { plural } from './time';

const ACTION_WORDS: [action: PullReport['changes'][number]['action'], one: string, many?: string][] = [
  ['create', 'created'],
  ['update', 'updated'],
  ['move', 'moved'],
  ['merge', 'merged'],
  ['trash', 'moved to the trash'],
  ['restore', 'restored'],
  ['keep-local', 'local edit kept', 'local edits kept'],
  ['push', 'pushed to Notion'],
];

/** Up to this many files are named in a summary; more are counted only (the log names every one). */
const NAMED = 3;

/** " (a.md, b.md)" for a few files, "" for many. */
function named(paths: string[]): string {
  return paths.length > 0 && paths.length <= NAMED ? ` (${paths.join(', ')})` : '';
}

export function summariseReport(report: Pick<PullReport, 'changes' | 'failed' | 'conflicts' | 'blockedDeletions' | 'dryRun'>): string {
  const parts: string[] = [];
  for (const [action, one, many] of ACTION_WORDS) {
    const paths = report.changes.filter((c) => c.action === action).map((c) => c.path);
    const n = paths.length;
    if (n === 0) continue;
    parts.push(`${many ? (n === 1 ? `1 ${one}` : `${n} ${many}`) : `${n} ${one}`}${named(paths)}`);
  }
  const conflicted = report.changes.filter((c) => c.action === 'conflict').map((c) => c.path);
  if (report.conflicts > 0) parts.push(`${plural(report.conflicts, 'conflict')} to resolve${conflicted.length === report.conflicts ? named(conflicted) : ''}`);
  if (report.failed > 0) parts.push(`${plural(report.failed, 'operation')} failed (see the Queue)`);
  if (report.blockedDeletions.length > 0) parts.push(`${plural(report.blockedDeletions.length, 'deletion')} held back`);
  if (parts.length === 0) return report.dryRun ? 'nothing would change' : 'everything is up to date';
  return parts.join(', ');
}

/** One line per file a pull changed, naming it: for the log, where every file is named. */
export function changeLines(report: Pick<PullReport, 'changes' | 'dryRun'>): string[] {
  return report.changes.map((c) => `${report.dryRun ? 'would ' : ''}${c.action} ${c.from ? `${c.from} → ` : ''}${c.path}${c.detail ? ` (${c.detail})` : ''}`);
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

/** Several folders' reports as one, each path under its folder's name ("docs/notion/A.md"). */
export function combineReports(reports: readonly (PullReport & { folder?: string })[]): PullReport {
  const under = (r: { folder?: string }, p: string) => (r.folder ? `${r.folder.split(/[\\/]/).pop()}/${p}` : p);
  return {
    dryRun: reports.some((r) => r.dryRun),
    full: reports.every((r) => r.full),
    changes: reports.flatMap((r) => r.changes.map((c) => ({ ...c, path: under(r, c.path) }))),
    processed: reports.reduce((n, r) => n + r.processed, 0),
    failed: reports.reduce((n, r) => n + r.failed, 0),
    conflicts: reports.reduce((n, r) => n + r.conflicts, 0),
    blockedDeletions: reports.flatMap((r) => r.blockedDeletions.map((p) => under(r, p))),
    index: null,
    ms: reports.reduce((n, r) => Math.max(n, r.ms), 0),
  };
}

/** The held-back deletions notice: how many, which (first three), and the command that reviews them. */
export function deletionsNoticeText(paths: readonly string[]): string {
  const names = paths.slice(0, 3).map((p) => p.split('/').pop() ?? p);
  const more = paths.length > names.length ? ` and ${paths.length - names.length} more` : '';
  return `held back ${plural(paths.length, 'file')} deleted in Notion (more than notionSync.deleteThreshold): ${names.join(', ')}${more}. [Pull](command:${COMMANDS.pull}) to review and confirm.`;
}
