// Opens conflicts in the diff editor (Notion on the left, the local file on the
// right), keeps notionSync.inConflictDiff true while such a diff is active, and
// closes those diffs once their conflict is resolved. One for every folder:
// conflict ids are per folder's state, so each call names the folder.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictRow, MapRow } from '../sync/store/types';
import { CONTEXT_KEYS } from './constants';
import { diffTitle } from './conflictItems';
import type { ContextKeys } from './contextKeys';
import { fromRemoteUri, remoteFile, toRemoteUri } from './remoteContent';

function localUri(folder: string, relPath: string): vscode.Uri {
  return vscode.Uri.file(path.join(folder, ...relPath.split('/')));
}

/** The conflict a diff's left side shows, when it is a conflict's Notion version inside `folder`. */
function conflictIdOf(original: vscode.Uri, folder?: string): number | undefined {
  const ref = fromRemoteUri(original);
  if (!ref || !('conflictId' in ref)) return undefined;
  const rel = folder === undefined ? '' : path.relative(folder, remoteFile(original));
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : ref.conflictId;
}

export class ConflictDiffs implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly keys: ContextKeys) {
    const update = () => this.updateContext();
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs(update),
      vscode.window.tabGroups.onDidChangeTabGroups(update),
      vscode.window.onDidChangeActiveTextEditor(update),
    );
    update();
  }

  async openConflict(folder: string, c: ConflictRow): Promise<void> {
    const left = toRemoteUri(folder, c.path, { conflictId: c.id, side: 'notion' });
    await vscode.commands.executeCommand('vscode.diff', left, localUri(folder, c.path), diffTitle(c.path), { preview: false });
    this.updateContext();
  }

  /** A synced file against its last pulled Notion version. */
  async openBase(folder: string, map: MapRow): Promise<void> {
    const left = toRemoteUri(folder, map.path, { localId: map.localId, side: 'base' });
    await vscode.commands.executeCommand('vscode.diff', left, localUri(folder, map.path), diffTitle(map.path, 'base'), { preview: false });
  }

  /** The conflict shown by the active diff editor, if it is one of ours (of that folder, when one is named). */
  activeConflictId(folder?: string): number | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff ? conflictIdOf(input.original, folder) : undefined;
  }

  /** Closes every diff tab of this conflict of the folder. */
  async closeConflict(folder: string, conflictId: number): Promise<void> {
    const tabs: vscode.Tab[] = [];
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputTextDiff && conflictIdOf(tab.input.original, folder) === conflictId) tabs.push(tab);
      }
    }
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    this.updateContext();
  }

  private updateContext(): void {
    this.keys.set(CONTEXT_KEYS.inConflictDiff, this.activeConflictId() !== undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
