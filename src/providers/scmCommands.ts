// The Source Control view's actions in git's words: Discard Local Changes
// (Notion's version back, the previous text backed up, with an Undo) and Push
// to Notion (bidirectional mode). Pull is the existing notionSync.pull.
import path from 'node:path';
import * as vscode from 'vscode';
import { backupThenWrite } from '../sync/documents/atomicWrite';
import { readWorkspaceText } from '../sync/documents/workspaceFs';
import { BACKUP_DIR } from '../sync/settings';
import { mapOf, relPathOf } from './commandArgs';
import { COMMANDS } from './constants';
import { isNotionResource } from './notionScm';
import { withSyncProgress } from './progress';
import { registerFolderCommand } from './folderArgs';
import type { Services, SharedServices } from './services';

export interface Discarded {
  path: string;
  /** Workspace-relative path of the previous text, or null when there was nothing to keep. */
  backup: string | null;
  /** The workspace folder both paths are in (Undo finds its folder by it). */
  folder?: string;
}

export function registerScmCommands(shared: SharedServices): vscode.Disposable[] {
  return [
    registerFolderCommand(shared, COMMANDS.discardLocalChanges, 'Discard Local Changes', (s, ...args) => discard(s, targets(s, args))),
    registerFolderCommand(shared, COMMANDS.undoDiscard, 'Undo Discard', (s, d) => undoDiscard(s, d as Discarded)),
    registerFolderCommand(shared, COMMANDS.pushToNotion, 'Push to Notion', (s, ...args) => push(s, targets(s, args))),
  ];
}

/** Paths a command was invoked on: every selected resource of the view, else one file (URI, path, editor). */
function targets(s: Services, args: unknown[]): string[] {
  const fromView = args.flat().filter(isNotionResource).map((r) => r.entry.path);
  if (fromView.length) return [...new Set(fromView)];
  const rel = relPathOf(s.host, args[0]);
  if (!rel) throw new Error('open a synced markdown file first (or pick one in the Source Control view)');
  return [rel];
}

async function discard(s: Services, paths: string[]): Promise<Discarded[]> {
  const engine = s.host.requireEngine();
  const done: Discarded[] = [];
  for (const rel of paths) {
    const map = mapOf(s.host, rel);
    if (!map) {
      void vscode.window.showInformationMessage(`${rel} is not linked to a Notion page: there is no Notion version to go back to.`);
      continue;
    }
    const conflict = engine.findConflict(map.path);
    // In conflict, Notion's version is the conflict's: taking it is accepting it.
    const result = conflict ? await engine.resolveConflict(conflict.id, 'notion') : await engine.discardLocalChanges(map.localId);
    s.logger.info(`[SCM] discarded local changes to ${result.path}${result.backup ? `; previous text kept at ${result.backup}` : ' (it already held Notion’s version)'}`);
    done.push({ ...result, folder: s.host.workspaceFolder });
    // The saved edit it replaced is no longer one: views stop showing it as modified.
    await s.edits.check(workspaceUri(s, result.path));
    // Notion may have moved on since the last pull: fetch its current version (the file is clean now, so nothing is lost).
    engine.enqueueRefresh(map.notionId);
  }
  if (done.length) s.background.processSoon();
  for (const d of done) announceDiscard(s, d);
  return done;
}

function announceDiscard(s: Services, d: Discarded): void {
  const message = d.backup
    ? `Discarded local changes to ${d.path}: it holds Notion's version again. Your text is saved at ${d.backup}.`
    : `${d.path} already held Notion's version: nothing to discard.`;
  const actions = d.backup ? ['Undo', 'Open Backup'] : [];
  void vscode.window.showInformationMessage(message, ...actions).then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand(COMMANDS.undoDiscard, d);
    if (choice === 'Open Backup' && d.backup) void vscode.window.showTextDocument(workspaceUri(s, d.backup));
  });
}

/** Puts the discarded text back; what the file held meanwhile is backed up too. */
async function undoDiscard(s: Services, d: Discarded | undefined): Promise<boolean> {
  const engine = s.host.requireEngine();
  const folder = s.host.workspaceFolder;
  if (!d?.backup || !folder) throw new Error('nothing to undo: that discard kept no backup');
  const text = await readWorkspaceText(folder, path.relative(folder, workspaceUri(s, d.backup).fsPath));
  if (text === null) throw new Error(`nothing to undo: the backup ${d.backup} is gone`);
  const replaced = await backupThenWrite(folder, d.path, text, BACKUP_DIR);
  await engine.noticeLocalEdits([d.path]);
  await s.edits.check(workspaceUri(s, d.path));
  const kept = replaced ? `; what it held is saved at ${path.relative(folder, replaced).split(path.sep).join('/')}` : '';
  s.logger.info(`[SCM] undid the discard of ${d.path}: restored from ${d.backup}${kept}`);
  void vscode.window.showInformationMessage(`Restored your text of ${d.path} (from ${d.backup})${kept}.`);
  return true;
}

async function push(s: Services, paths: string[]): Promise<number> {
  const engine = s.host.requireEngine();
  if (engine.settings.mode !== 'bidirectional') {
    void vscode.window
      .showInformationMessage(`Push to Notion needs bidirectional mode: in publish mode (notionSync.mode) Notion is the source of truth and ${paths.join(', ')} stays local.`, 'Open Settings')
      .then((c) => c && vscode.commands.executeCommand('workbench.action.openSettings', 'notionSync.mode'));
    return 0;
  }
  const queued = await engine.noticeLocalEdits(paths);
  const r = await withSyncProgress(s.host, `Notion Sync: pushing ${paths.join(', ')}`, (signal, onProgress) => engine.processQueue({ signal, onProgress }));
  s.logger.info(`[SCM] push to Notion: ${paths.join(', ')}: ${queued} queued, ${r.processed} processed, ${r.failed} failed`);
  const errors = engine.read
    .queue({ status: ['error', 'dead'] })
    .filter((q) => q.operation === 'push' && q.lastError && paths.some((p) => engine.read.mapByLocalId(q.localId ?? '')?.path === p))
    .map((q) => q.lastError as string);
  if (r.failed || errors.length) {
    for (const e of errors) s.logger.warn(`[SCM] push to Notion failed: ${e}`);
    void vscode.window.showWarningMessage(`Push to Notion failed: ${errors[0] ?? `${paths.join(', ')}: see the Queue view`}`);
  } else if (queued === 0) {
    void vscode.window.showInformationMessage(`${paths.join(', ')}: nothing to push (no local change since the last sync).`);
  } else {
    void vscode.window.showInformationMessage(`Pushed ${paths.join(', ')} to Notion.`);
  }
  return r.processed;
}

function workspaceUri(s: Services, rel: string): vscode.Uri {
  const folder = s.host.workspaceFolder;
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.file(path.isAbsolute(rel) ? rel : path.join(folder, ...rel.split('/')));
}
