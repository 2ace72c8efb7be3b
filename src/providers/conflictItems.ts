// The Conflicts view's rows. Pure: no `vscode`.
import type { ConflictRow } from '../sync/store/types';
import { COMMANDS, VIEWS } from './constants';
import { absoluteTime, plural, relativeTime } from './time';

export interface ConflictNode {
  readonly type: 'conflict';
  readonly id: string;
  readonly conflict: ConflictRow;
  /** The workspace folder the conflict is in (its id is that folder's). */
  readonly folder?: string;
}

export function conflictNodes(rows: readonly ConflictRow[], folder?: string): ConflictNode[] {
  return [...rows]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((conflict) => ({ type: 'conflict', id: folder ? `conflict:${folder}:${conflict.id}` : `conflict:${conflict.id}`, conflict, folder }));
}

/** "Onboarding" for "notion/Handbook/Onboarding.md". */
export function fileLabel(relPath: string): string {
  const base = relPath.split('/').pop() ?? relPath;
  return base.replace(/\.md$/i, '');
}

export function folderOf(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

export interface ConflictItemShape {
  label: string;
  description: string;
  tooltip: string;
  contextValue: 'conflict';
}

/** `workspaceName`: the workspace folder's name, in a multi-root workspace. */
export function conflictItemShape(c: ConflictRow, now: number, workspaceName?: string): ConflictItemShape {
  // The nearest folder only (the tooltip has the path): the sidebar's default width is narrow.
  const folder = [workspaceName, folderOf(c.path).split('/').pop()].filter(Boolean).join(' · ');
  return {
    label: fileLabel(c.path),
    description: folder || relativeTime(c.detectedAt, now),
    tooltip: [
      workspaceName ? `${workspaceName}: ${c.path}` : c.path,
      'Edited here and in Notion since the last sync.',
      `Detected ${absoluteTime(c.detectedAt)} (${relativeTime(c.detectedAt, now)})`,
      'Click to compare; then Accept Notion Version or Keep Local Version.',
    ].join('\n'),
    contextValue: 'conflict',
  };
}

/** The diff editor's title, e.g. "Onboarding.md: Notion ↔ Local". */
export function diffTitle(relPath: string, left: 'notion' | 'base' = 'notion'): string {
  const base = relPath.split('/').pop() ?? relPath;
  return left === 'notion' ? `${base}: Notion ↔ Local` : `${base}: Notion (last pulled) ↔ Local`;
}

/**
 * What the notice says about these conflicts, short enough for the one line a progress
 * notification shows, links first (`file`: the absolute path, for the Merge link of a
 * single conflict); `lead` (a sync's other changes) comes last.
 */
export function conflictNoticeText(conflicts: readonly { path: string; file: string }[], lead?: string): string {
  const names = conflicts.slice(0, 3).map((c) => c.path.split('/').pop() ?? c.path);
  const more = conflicts.length > names.length ? ` and ${conflicts.length - names.length} more` : '';
  const what = `${plural(conflicts.length, 'conflict')}: ${names.join(', ')}${more}.`;
  const merge = conflicts.length === 1 ? ` [Merge](command:${COMMANDS.mergeConflict}?${encodeURIComponent(JSON.stringify([conflicts[0].file]))})` : '';
  return `${what}${merge} [Show Conflicts](command:${VIEWS.conflicts}.focus)${lead ? ` ${lead}` : ''}`;
}
