// The Conflicts view's rows. Pure: no `vscode`.
import type { ConflictRow } from '../sync/store/types';
import { absoluteTime, relativeTime } from './time';

export interface ConflictNode {
  readonly type: 'conflict';
  readonly id: string;
  readonly conflict: ConflictRow;
}

export function conflictNodes(rows: readonly ConflictRow[]): ConflictNode[] {
  return [...rows]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((conflict) => ({ type: 'conflict', id: `conflict:${conflict.id}`, conflict }));
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

export function conflictItemShape(c: ConflictRow, now: number): ConflictItemShape {
  const folder = folderOf(c.path);
  return {
    label: fileLabel(c.path),
    description: `${folder ? `${folder} · ` : ''}${relativeTime(c.detectedAt, now)}`,
    tooltip: [
      c.path,
      'Edited here and in Notion since the last sync.',
      `Detected ${absoluteTime(c.detectedAt)}`,
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
