// What a synced file's state means to a person: words for trees and tooltips,
// a badge and a theme colour for file decorations. Pure: no `vscode`.
import type { MapState } from '../sync/store/types';

/** The state the UI shows: the status model's (sync/engine/fileStates.ts). */
export type ShownState = MapState;

export interface StateLook {
  label: string;
  /** At most two characters (a FileDecoration badge). */
  badge: string;
  /** Codicon id for tree items. */
  icon: string;
  /** Theme colour id, or undefined for the default colour. */
  color: string | undefined;
}

const LOOKS: Record<MapState, StateLook> = {
  synced: { label: 'synced', badge: '✓', icon: 'pass', color: undefined },
  modified: { label: 'modified locally', badge: 'M', icon: 'edit', color: 'gitDecoration.modifiedResourceForeground' },
  pending: { label: 'pending', badge: '↓', icon: 'clock', color: undefined },
  conflict: { label: 'conflict', badge: '!', icon: 'warning', color: 'gitDecoration.conflictingResourceForeground' },
  error: { label: 'error', badge: '✗', icon: 'error', color: 'list.errorForeground' },
  trashed: { label: 'deleted in Notion (in the trash folder)', badge: 'D', icon: 'trash', color: 'gitDecoration.deletedResourceForeground' },
};

export function stateLook(state: ShownState): StateLook {
  return LOOKS[state];
}

export interface DecorationChoice {
  badge: string;
  tooltip: string;
  color: string | undefined;
}

/** The file decoration of a mapped file; undefined for files we do not show (trashed). */
export function decorationFor(state: ShownState, lastError: string | null = null): DecorationChoice | undefined {
  if (state === 'trashed') return undefined;
  const look = LOOKS[state];
  const tooltip = `Notion Sync: ${look.label}${state === 'error' && lastError ? ` (${lastError})` : ''}`;
  return { badge: look.badge, tooltip, color: look.color };
}
