// Commands on one file: Open, Open in Notion, Pull This, Link, Unlink, Compare,
// and resolving its conflict (Accept Notion Version / Keep Local Version).
import path from 'node:path';
import * as vscode from 'vscode';
import { conflictOf, mapOf, relPathOf } from './commandArgs';
import { COMMANDS } from './constants';
import { withSyncProgress } from './progress';
import { registerFolderCommand } from './folderArgs';
import type { Services, SharedServices } from './services';

export function registerDocumentCommands(shared: SharedServices): vscode.Disposable[] {
  return [
    registerFolderCommand(shared, COMMANDS.openDocument, 'Open', (s, arg) => openDocument(s, arg)),
    registerFolderCommand(shared, COMMANDS.openInNotion, 'Open in Notion', (s, arg) => openInNotion(s, arg)),
    registerFolderCommand(shared, COMMANDS.pullDocument, 'Pull', (s, arg) => pullDocument(s, arg)),
    registerFolderCommand(shared, COMMANDS.linkFile, 'Link File to Notion Page', (s, arg, page) => linkFile(s, arg, typeof page === 'string' ? page : undefined)),
    registerFolderCommand(shared, COMMANDS.unlinkFile, 'Unlink File', (s, arg) => unlinkFile(s, arg)),
    registerFolderCommand(shared, COMMANDS.compareWithNotion, 'Compare with Notion', (s, arg) => compare(s, arg)),
    registerFolderCommand(shared, COMMANDS.acceptNotion, "Accept Notion's version", (s, arg) => resolve(s, arg, 'notion')),
    registerFolderCommand(shared, COMMANDS.keepLocal, 'Keep the local version', (s, arg) => resolve(s, arg, 'local')),
  ];
}

function folderOf(s: Services): string {
  const folder = s.host.workspaceFolder;
  if (!folder) throw new Error('no workspace folder is open');
  return folder;
}

function fileUri(s: Services, rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(folderOf(s), ...rel.split('/')));
}

function requireRel(s: Services, arg: unknown): string {
  const rel = relPathOf(s.host, arg);
  if (!rel) throw new Error('open a markdown file of this workspace first (or pick one in the Documents view)');
  return rel;
}

async function openDocument(s: Services, arg: unknown): Promise<void> {
  await vscode.window.showTextDocument(fileUri(s, requireRel(s, arg)), { preview: true });
}

function notSynced(rel: string | undefined): void {
  void vscode.window.showInformationMessage(`${rel ?? 'This file'} is not linked to a Notion page. Use "Link File to Notion Page" to link it.`);
}

async function openInNotion(s: Services, arg: unknown): Promise<boolean> {
  s.host.requireEngine();
  const map = mapOf(s.host, arg);
  if (!map) {
    notSynced(relPathOf(s.host, arg));
    return false;
  }
  const url = map.url ?? `https://www.notion.so/${map.notionId.replace(/-/g, '')}`;
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

async function pullDocument(s: Services, arg: unknown): Promise<boolean> {
  const engine = s.host.requireEngine();
  const map = mapOf(s.host, arg);
  if (!map) {
    notSynced(relPathOf(s.host, arg));
    return false;
  }
  const modifiedBefore = map.notionType === 'page' && (map.state === 'modified' || s.edits.paths().has(map.path));
  engine.enqueueRefresh(map.notionId);
  const r = await withSyncProgress(s.host, `Notion Sync: pulling ${map.title ?? map.path}`, (signal, onProgress) => engine.processQueue({ signal, onProgress }));
  const conflict = engine.findConflict(map.path);
  const after = engine.read.mapByLocalId(map.localId);
  if (r.failed > 0) s.failures.show();
  // The standing notice, closed once the conflict is resolved (a message would stay).
  else if (conflict) s.notice.show();
  else if (modifiedBefore && after?.state === 'modified') keptLocal(s, map.path);
  else s.logger.info(`[Pull] ${map.path}: pulled from Notion (${r.processed} operation(s))`);
  return r.failed === 0;
}

/** Pull This on a locally modified file: the pull keeps the local text, and says so (never silently nothing). */
function keptLocal(s: Services, rel: string): void {
  s.logger.info(`[Pull] ${rel}: has local changes, kept (Notion's version is unchanged or not newer); Discard Local Changes takes Notion's version`);
  void vscode.window
    .showInformationMessage(`${rel} has local changes, so Pull kept them (Notion has nothing newer). To take Notion's version instead, use Discard Local Changes.`, 'Discard Local Changes', 'Compare with Notion')
    .then((c) => c && vscode.commands.executeCommand(c === 'Discard Local Changes' ? COMMANDS.discardLocalChanges : COMMANDS.compareWithNotion, rel));
}

async function linkFile(s: Services, arg: unknown, page?: string): Promise<boolean> {
  const engine = s.host.requireEngine();
  const rel = requireRel(s, arg);
  const target =
    page ??
    (await vscode.window.showInputBox({
      title: `Notion Sync: link ${rel}`,
      prompt: 'The Notion page to link this file to (its URL or id). The next sync compares them: a difference becomes a conflict, never an overwrite.',
      placeHolder: 'https://www.notion.so/… or a page id',
      ignoreFocusOut: true,
    }));
  if (!target?.trim()) return false;
  await engine.link(rel, target.trim());
  await withSyncProgress(s.host, `Notion Sync: comparing ${rel} with Notion`, (signal, onProgress) => engine.processQueue({ signal, onProgress }));
  const map = engine.read.mapByPath(rel);
  const conflict = engine.findConflict(rel);
  void vscode.window.showInformationMessage(
    conflict
      ? `Linked ${rel} to "${map?.title ?? target}". The two differ: resolve the conflict to choose a version.`
      : `Linked ${rel} to "${map?.title ?? target}".`,
  );
  return true;
}

async function unlinkFile(s: Services, arg: unknown): Promise<boolean> {
  const engine = s.host.requireEngine();
  const map = mapOf(s.host, arg);
  if (!map) {
    notSynced(relPathOf(s.host, arg));
    return false;
  }
  await engine.unlink(map.localId);
  void vscode.window.showInformationMessage(`Unlinked ${map.path}: the file stays, and is no longer synced with Notion.`);
  return true;
}

/** A conflict's Notion ↔ Local diff, or a synced file against its last pulled version. */
async function compare(s: Services, arg: unknown): Promise<boolean> {
  s.host.requireEngine();
  const conflict = conflictOf(s.host, arg, () => s.diffs.activeConflictId(s.host.workspaceFolder));
  if (conflict) {
    await s.diffs.openConflict(folderOf(s), conflict);
    return true;
  }
  const map = mapOf(s.host, arg);
  if (!map || map.notionType !== 'page') {
    notSynced(relPathOf(s.host, arg));
    return false;
  }
  await s.diffs.openBase(folderOf(s), map);
  return true;
}

export interface Resolution {
  path: string;
  backup: string | null;
}

async function resolve(s: Services, arg: unknown, side: 'notion' | 'local'): Promise<Resolution | undefined> {
  const engine = s.host.requireEngine();
  const conflict = conflictOf(s.host, arg, () => s.diffs.activeConflictId(s.host.workspaceFolder));
  if (!conflict) {
    void vscode.window.showInformationMessage('No unresolved Notion Sync conflict here. Open one from the Conflicts view.');
    return undefined;
  }
  const result = await engine.resolveConflict(conflict.id, side);
  await s.diffs.closeConflict(folderOf(s), conflict.id);
  if (side === 'notion') {
    // The engine returns the backup's absolute path; show it relative to the workspace.
    const folder = s.host.workspaceFolder;
    const backupUri = result.backup ? vscode.Uri.file(path.isAbsolute(result.backup) || !folder ? result.backup : path.join(folder, result.backup)) : undefined;
    const shownBackup = backupUri && folder ? path.relative(folder, backupUri.fsPath).split(path.sep).join('/') : result.backup;
    const message = result.backup
      ? `Accepted Notion's version of ${result.path}. Your local version is saved at ${shownBackup}.`
      : `Accepted Notion's version of ${result.path}.`;
    const actions = result.backup ? ['Open Backup', 'Open File'] : ['Open File'];
    void vscode.window.showInformationMessage(message, ...actions).then((choice) => {
      if (choice === 'Open Backup' && backupUri) void vscode.window.showTextDocument(backupUri);
      if (choice === 'Open File') void vscode.window.showTextDocument(fileUri(s, result.path));
    });
  } else {
    void vscode.window.showInformationMessage(
      `Kept your local version of ${result.path}. Notion's version stays as it is there; the file shows as modified locally.`,
    );
  }
  return result;
}
