// Conflicts resolved like a git merge. "Merge" writes a working copy of the
// conflicted file under .notion-sync/merge/<conflict id>/ with git-style
// conflict markers from a three-way merge against the base (Current = your
// local text, Incoming = Notion's), which VS Code's built-in merge-conflict
// support decorates with Accept Current / Incoming / Both. The synced file is
// never touched while in conflict; "Complete Merge" checks that no marker is
// left, then writes the merged text into the file (its text backed up first).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { readWorkspaceText, writeWorkspaceFile } from '../sync/documents/workspaceFs';
import { mergeThreeWay } from '../sync/engine/merge';
import { hasConflictMarkers } from '../sync/engine/resolveMerged';
import { ENGINE_DIR } from '../sync/settings';
import { conflictOf } from './commandArgs';
import { COMMANDS, CONTEXT_KEYS } from './constants';
import type { ContextKeys } from './contextKeys';
import { registerFolderCommand, withSession } from './folderArgs';
import { ACCEPT_MERGE, activeMergeResult, onMergeEditorClosed, openMergeEditor, wantsMergeEditor } from './mergeEditor';
import { reportFailure } from './commandBoundary';
import type { Folders } from './folders';
import type { Services, SharedServices } from './services';

export const MERGE_DIR = `${ENGINE_DIR}/merge`;

export interface MergeCopyRef {
  conflictId: number;
  /** The working copy's absolute path (the merge editor's result, or the file with conflict markers). */
  file: string;
  /** Where the person merges. */
  editor: 'merge editor' | 'working copy';
}

/** The working copy of a conflict: .notion-sync/merge/<id>/<the file's path>. */
export function mergeCopyPath(folder: string, conflictId: number, relPath: string): string {
  return path.join(folder, ...MERGE_DIR.split('/'), String(conflictId), ...relPath.split('/'));
}

/** The conflict id a working copy belongs to, or undefined for any other file. */
export function mergeCopyConflictId(folder: string, file: string): number | undefined {
  const rel = path.relative(path.join(folder, ...MERGE_DIR.split('/')), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const id = Number(rel.split(path.sep)[0]);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** Keeps notionSync.inMergeCopy true while a working copy is the active editor (for Complete Merge in its title bar). */
export function trackMergeCopies(folders: Folders, keys: ContextKeys): vscode.Disposable {
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const folder = doc ? folders.forUri(doc.uri)?.path : undefined;
    keys.set(CONTEXT_KEYS.inMergeCopy, !!doc && !!folder && mergeCopyConflictId(folder, doc.uri.fsPath) !== undefined);
  };
  update();
  return vscode.window.onDidChangeActiveTextEditor(update);
}

export function registerMergeCommands(shared: SharedServices): vscode.Disposable[] {
  return [
    registerFolderCommand(shared, COMMANDS.mergeConflict, 'Merge', (s, arg) => openMerge(s, arg)),
    registerFolderCommand(shared, COMMANDS.completeMerge, 'Complete Merge', (s, arg) => completeMerge(s, arg)),
    // The merge editor's Complete Merge saved the result into a working copy and closed: finish the merge.
    onMergeEditorClosed((result) => {
      const session = shared.folders.forUri(result);
      if (!session || mergeCopyConflictId(session.path, result.fsPath) === undefined) return;
      completeMerge(withSession(shared, session), result, true).catch((e: unknown) => reportFailure(session.logger, 'Complete Merge', e));
    }),
  ];
}

async function openMerge(s: Services, arg: unknown): Promise<MergeCopyRef | undefined> {
  s.host.requireEngine();
  const folder = s.host.workspaceFolder;
  const c = conflictOf(s.host, arg, () => s.diffs.activeConflictId(s.host.workspaceFolder));
  if (!c || !folder) {
    void vscode.window.showInformationMessage('No unresolved Notion Sync conflict here. Open one from the Source Control or Conflicts view.');
    return undefined;
  }
  const file = mergeCopyPath(folder, c.id, c.path);
  const copyRel = path.relative(folder, file);
  // A merge already under way is reopened as the person left it. Both files are read and
  // written as the engine does: inside the folder, never through a symbolic link.
  const existing = await readWorkspaceText(folder, copyRel);
  if (existing === null) {
    const local = (await readWorkspaceText(folder, c.path)) ?? c.localContent;
    const merged = mergeThreeWay(c.baseContent ?? '', local, c.remoteContent);
    await writeWorkspaceFile(folder, copyRel, merged.text);
    const how = merged.clean ? 'the edits do not overlap, no marker needed' : 'conflict markers: Current = local, Incoming = Notion';
    s.logger.info(`[Merge] ${c.path}: working copy ${path.relative(folder, file).split(path.sep).join('/')} (${how})`);
  }
  const copy = vscode.Uri.file(file);
  if (wantsMergeEditor(vscode.Uri.file(folder)) && (await openMergeEditor(folder, c, vscode.Uri.file(path.join(folder, ...c.path.split('/'))), copy))) {
    s.logger.info(`[Merge] ${c.path}: opened in the merge editor (Local | Notion over their base); Complete Merge writes the result into the file`);
    return { conflictId: c.id, file, editor: 'merge editor' };
  }
  await vscode.window.showTextDocument(copy, { preview: false });
  void vscode.window.showInformationMessage(
    `Merging ${c.path} in a working copy: for each conflict choose Accept Current (yours), Accept Incoming (Notion's) or Accept Both, then Complete Merge. ${c.path} itself is unchanged until then.`,
    'Complete Merge',
  ).then((choice) => choice && vscode.commands.executeCommand(COMMANDS.completeMerge, copy));
  return { conflictId: c.id, file, editor: 'working copy' };
}

async function completeMerge(s: Services, arg: unknown, afterMergeEditor = false): Promise<{ path: string; backup: string | null } | undefined> {
  const engine = s.host.requireEngine();
  const folder = s.host.workspaceFolder;
  const inMergeEditor = activeMergeResult();
  const uri = arg instanceof vscode.Uri ? arg : (vscode.window.activeTextEditor?.document.uri ?? inMergeEditor);
  const id = folder && uri?.scheme === 'file' ? mergeCopyConflictId(folder, uri.fsPath) : undefined;
  if (!uri || !folder || id === undefined) {
    void vscode.window.showInformationMessage('Complete Merge works on a merge working copy: open one with Merge from the Source Control or Conflicts view.');
    return undefined;
  }
  if (!afterMergeEditor && inMergeEditor?.fsPath === uri.fsPath) {
    // The merge editor holds the result: its own Complete Merge saves it and closes, and the close completes ours.
    await vscode.commands.executeCommand(ACCEPT_MERGE);
    return undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (open?.isDirty) await open.save();
  const text = open ? open.getText() : await readWorkspaceText(folder, path.relative(folder, uri.fsPath));
  if (text === null) throw new Error(`the working copy ${path.relative(folder, uri.fsPath)} is gone: run Merge again`);
  const conflict = engine.read.conflict(id);
  const name = conflict?.path ?? path.basename(uri.fsPath);
  if (hasConflictMarkers(text)) {
    void vscode.window.showWarningMessage(
      afterMergeEditor
        ? `${name}: the merge editor closed before the merge was completed, so ${name} is unchanged and still in conflict. Merge opens it again.`
        : `${name}: conflict markers are left in the working copy. Choose Accept Current, Incoming or Both for each, then Complete Merge again.`,
    );
    return undefined;
  }
  const result = await engine.resolveConflictMerged(id, text);
  await closeEditors(uri);
  // Deleted while VS Code still holds it, a document turns orphaned and reads as unsaved: remove it once closed.
  if (await closed(uri)) await rm(path.join(folder, ...MERGE_DIR.split('/'), String(id)), { recursive: true, force: true });
  else s.logger.info(`[Merge] the working copy ${path.relative(folder, uri.fsPath)} stays until its editor closes; it is no longer used`);
  s.logger.info(`[Merge] merged ${result.path}${result.backup ? `; previous text kept at ${result.backup}` : ''}`);
  const message = `Merged ${result.path}${result.backup ? `; its previous text is saved at ${result.backup}` : ''}.`;
  void vscode.window.showInformationMessage(message, 'Open File').then((c) => c && vscode.window.showTextDocument(vscode.Uri.file(path.join(folder, ...result.path.split('/')))));
  return result;
}

/** Resolves true once VS Code has let go of the document (at most a few seconds). */
function closed(uri: vscode.Uri, timeoutMs = 5_000): Promise<boolean> {
  const isOpen = () => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath);
  if (!isOpen()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(!isOpen());
    }, timeoutMs);
    const sub = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.fsPath !== uri.fsPath) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(true);
    });
  });
}

async function closeEditors(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === uri.fsPath);
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}
