// Opens conflicts in the diff editor (Notion on the left, the local file on the
// right), keeps notionSync.inConflictDiff true while such a diff is active, and
// closes those diffs once their conflict is resolved.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictRow, MapRow } from '../sync/store/types';
import { CONTEXT_KEYS } from './constants';
import { diffTitle } from './conflictItems';
import type { ContextKeys } from './contextKeys';
import type { EngineHost } from './engineHost';
import { fromRemoteUri, toRemoteUri } from './remoteContent';

export class ConflictDiffs implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly host: EngineHost,
    private readonly keys: ContextKeys,
  ) {
    const update = () => this.updateContext();
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs(update),
      vscode.window.tabGroups.onDidChangeTabGroups(update),
      vscode.window.onDidChangeActiveTextEditor(update),
    );
    update();
  }

  localUri(relPath: string): vscode.Uri {
    const folder = this.host.workspaceFolder;
    if (!folder) throw new Error('no workspace folder');
    return vscode.Uri.file(path.join(folder, ...relPath.split('/')));
  }

  async openConflict(c: ConflictRow): Promise<void> {
    const left = toRemoteUri(c.path, { conflictId: c.id, side: 'notion' });
    await vscode.commands.executeCommand('vscode.diff', left, this.localUri(c.path), diffTitle(c.path), { preview: false });
    this.updateContext();
  }

  /** A synced file against its last pulled Notion version. */
  async openBase(map: MapRow): Promise<void> {
    const left = toRemoteUri(map.path, { localId: map.localId, side: 'base' });
    await vscode.commands.executeCommand('vscode.diff', left, this.localUri(map.path), diffTitle(map.path, 'base'), { preview: false });
  }

  /** The conflict shown by the active diff editor, if it is one of ours. */
  activeConflictId(): number | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff) {
      const ref = fromRemoteUri(input.original);
      if (ref && 'conflictId' in ref) return ref.conflictId;
    }
    return undefined;
  }

  /** Closes every diff tab of this conflict. */
  async closeConflict(conflictId: number): Promise<void> {
    const tabs: vscode.Tab[] = [];
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (!(tab.input instanceof vscode.TabInputTextDiff)) continue;
        const ref = fromRemoteUri(tab.input.original);
        if (ref && 'conflictId' in ref && ref.conflictId === conflictId) tabs.push(tab);
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
