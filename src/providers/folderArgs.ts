// Which folder a command is about, in a workspace of one folder or several:
// read from what it was invoked on (a tree node, a Source Control resource or
// provider, a file or diff URI, an absolute path), else the active editor's
// file, else the one folder (or the first with an engine).
import path from 'node:path';
import * as vscode from 'vscode';
import { activeFileUri } from './commandArgs';
import { registerCommand } from './commandBoundary';
import type { CommandId } from './constants';
import { SetupRequiredError } from './errorAdvice';
import type { FolderSession } from './folderSession';
import type { Folders } from './folders';
import { fromRemoteUri, remoteFile } from './remoteContent';
import type { Services, SharedServices } from './services';

/** A file the argument names, if it names one by an absolute location. */
function fileOf(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) {
    if (fromRemoteUri(arg)) return remoteFile(arg);
    return arg.scheme === 'file' ? arg.fsPath : undefined;
  }
  if (typeof arg === 'string' && path.isAbsolute(arg)) return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  // Tree nodes and command results carry their folder; Source Control resources their file; a provider its root.
  if (typeof o.folder === 'string' && path.isAbsolute(o.folder)) return o.folder;
  for (const key of ['resourceUri', 'rootUri'] as const) if (o[key] instanceof vscode.Uri) return fileOf(o[key]);
  // A resource group: its resources' folder.
  if (Array.isArray(o.resourceStates)) return fileOf(o.resourceStates[0]);
  return undefined;
}

/** The session of the folder the arguments name, if they name one. */
export function namedSession(folders: Folders, args: readonly unknown[]): FolderSession | undefined {
  for (const arg of args.flat()) {
    const file = fileOf(arg);
    const found = file ? folders.forPath(file) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The session a command invoked with `args` works in, if any folder is open. */
export function sessionFor(folders: Folders, args: readonly unknown[]): FolderSession | undefined {
  const named = namedSession(folders, args);
  if (named) return named;
  const active = activeFileUri();
  const activeFile = active ? fileOf(active) : undefined;
  return (activeFile ? folders.forPath(activeFile) : undefined) ?? folders.fallback;
}

/** The shared services with one folder's session; without an open folder, a setup error that says so. */
export function withSession(shared: SharedServices, session: FolderSession | undefined): Services {
  if (!session) throw new SetupRequiredError('Open a folder first: Notion Sync writes pages into the workspace.', 'Open Folder');
  const { host, edits, background, problems, webhook, logger } = session;
  return { ...shared, host, edits, background, problems, webhook, logger };
}

export function inFolder(shared: SharedServices, args: readonly unknown[]): Services {
  return withSession(shared, sessionFor(shared.folders, args));
}

/** A command that works in one folder: the handler gets that folder's services, then the arguments. */
export function registerFolderCommand(shared: SharedServices, id: CommandId, what: string, handler: (s: Services, ...args: unknown[]) => unknown): vscode.Disposable {
  // The folder is resolved inside the boundary: "open a folder first" is reported like any failure.
  return registerCommand(shared.logger, id, what, (...args) => handler(inFolder(shared, args), ...args));
}

/** The folder a command about one folder works in: named, else asked for when there are several. */
export async function chosenSession(folders: Folders, args: readonly unknown[], placeHolder: string): Promise<FolderSession | undefined> {
  const named = namedSession(folders, args);
  if (named || !folders.multiRoot) return named ?? folders.fallback;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder, ignoreFocusOut: true });
  return picked ? folders.forUri(picked.uri) : undefined;
}
