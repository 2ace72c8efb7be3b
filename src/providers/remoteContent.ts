// Read-only documents for the left side of a diff: a conflict's Notion version
// or base, or a synced file's last pulled version. Served from the state
// database, so they open offline and match what the engine compared.
import path from 'node:path';
import * as vscode from 'vscode';
import { readWorkspaceText } from '../sync/documents/workspaceFs';
import type { EngineChange } from '../sync/engine/changes';
import { REMOTE_SCHEME } from './constants';
import type { EngineHost } from './engineHost';
import { parseRemoteQuery, remoteQuery, type RemoteRef } from './remoteUri';
import { alignVolatileKeys } from './volatileKeys';

/** The path is the local file's (so the tab shows its name, and each folder of a multi-root workspace is told apart). */
export function toRemoteUri(folder: string, relPath: string, ref: RemoteRef): vscode.Uri {
  return vscode.Uri.from({ scheme: REMOTE_SCHEME, path: vscode.Uri.file(path.join(folder, ...relPath.split('/'))).path, query: remoteQuery(ref) });
}

/** The local file a remote document stands beside. */
export function remoteFile(uri: vscode.Uri): string {
  return vscode.Uri.from({ scheme: 'file', path: uri.path }).fsPath;
}

export function fromRemoteUri(uri: vscode.Uri): RemoteRef | undefined {
  return uri.scheme === REMOTE_SCHEME ? parseRemoteQuery(uri.query) : undefined;
}

/**
 * What the provider needs of the workspace's folders (folders.ts), as an interface:
 * folders.ts builds the source controls that link here, so importing it would be a cycle.
 */
export interface FolderLookup {
  forPath(fsPath: string): { host: EngineHost } | undefined;
  readonly onDidChange: vscode.Event<EngineChange>;
}

export class RemoteContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly folders: FolderLookup) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, this),
      // A re-detected conflict or a new pull changes what these documents hold: re-read
      // only those whose text changed (a merge editor re-reads its inputs on every change).
      folders.onDidChange((c) => (c.conflicts || c.documents) && void this.refreshOpen()),
    );
  }

  private async refreshOpen(): Promise<void> {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== REMOTE_SCHEME || doc.isClosed) continue;
      if ((await this.provideTextDocumentContent(doc.uri)) !== doc.getText()) this.emitter.fire(doc.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = fromRemoteUri(uri);
    const host = this.folders.forPath(remoteFile(uri))?.host;
    const read = host?.engine?.read;
    if (!ref || !host) return '';
    if (!read) return '(Notion Sync is not connected: set a token and a root to see this version)';
    if ('conflictId' in ref) {
      const c = read.conflict(ref.conflictId);
      if (!c) return '(this conflict no longer exists)';
      if (ref.side === 'notion') return alignVolatileKeys(c.remoteContent, await this.localText(host, c.path));
      return c.baseContent ?? '(no base version: the file was not pulled by this workspace before both sides changed)';
    }
    const base = read.base(ref.localId);
    if (!base) return '(no pulled version stored for this file yet: run Sync Now)';
    const map = read.mapByLocalId(ref.localId);
    return map ? alignVolatileKeys(base.content, await this.localText(host, map.path)) : base.content;
  }

  /** The local file's text, to align the metadata lines Notion maintains (see volatileKeys.ts). */
  private async localText(host: EngineHost, relPath: string): Promise<string | undefined> {
    const folder = host.workspaceFolder;
    if (!folder) return undefined;
    return (await readWorkspaceText(folder, relPath).catch(() => null)) ?? undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
