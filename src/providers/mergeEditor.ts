// VS Code's three-way merge editor for a conflict: Local (left) and Notion
// (right) over the version both started from, the result below, written into
// the conflict's working copy. It is opened the way the built-in git extension
// opens it (`_open.mergeEditor`); its tab input (base, input1, input2, result)
// is not in the stable API, so it is read by shape. Where the command is
// missing, Merge falls back to conflict markers in the working copy.
import * as vscode from 'vscode';
import type { ConflictRow } from '../sync/store/types';
import { CONFIG_SECTION } from './constants';
import { toRemoteUri } from './remoteContent';

/** The internal command git uses; not part of the public API, hence the fallback. */
const OPEN_MERGE_EDITOR = '_open.mergeEditor';
/** The merge editor's own Complete Merge: saves the result and closes the editor. */
export const ACCEPT_MERGE = 'mergeEditor.acceptMerge';

/** notionSync.mergeEditor: true (default) opens the merge editor; false, the working copy with markers. */
export function wantsMergeEditor(folder: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(CONFIG_SECTION, folder).get<boolean>('mergeEditor', true);
}

/**
 * Opens the merge editor on a conflict whose result goes to `copy`. False when it
 * cannot: no base version (a three-way merge needs one) or no merge editor here.
 */
export async function openMergeEditor(folder: string, c: ConflictRow, local: vscode.Uri, copy: vscode.Uri): Promise<boolean> {
  if (c.baseContent === null) return false;
  const commands = await vscode.commands.getCommands(false);
  if (!commands.includes(OPEN_MERGE_EDITOR)) return false;
  await vscode.commands.executeCommand(OPEN_MERGE_EDITOR, {
    base: toRemoteUri(folder, c.path, { conflictId: c.id, side: 'base' }),
    input1: { uri: local, title: 'Local', description: c.path, detail: 'your version' },
    input2: { uri: toRemoteUri(folder, c.path, { conflictId: c.id, side: 'notion' }), title: 'Notion', description: c.path, detail: 'Notion’s version' },
    output: copy,
  });
  return true;
}

/** The result file of a merge editor tab's input, if the input is one. */
export function mergeResultOf(input: unknown): vscode.Uri | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const o = input as Record<string, unknown>;
  return o.result instanceof vscode.Uri && o.input1 instanceof vscode.Uri && o.input2 instanceof vscode.Uri ? o.result : undefined;
}

/** The result file of the active merge editor, if one is active. */
export function activeMergeResult(): vscode.Uri | undefined {
  return mergeResultOf(vscode.window.tabGroups.activeTabGroup.activeTab?.input);
}

/** Calls `closed` with the result file of every merge editor that closes. */
export function onMergeEditorClosed(closed: (result: vscode.Uri) => void): vscode.Disposable {
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    for (const tab of e.closed) {
      const result = mergeResultOf(tab.input);
      if (result) closed(result);
    }
  });
}
