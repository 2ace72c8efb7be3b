// Read-only documents for the left side of a diff: a conflict's Notion version
// or base, or a synced file's last pulled version. Served from the state
// database, so they open offline and match what the engine compared.
import * as vscode from 'vscode';
import { readWorkspaceText } from '../sync/documents/workspaceFs';
import { REMOTE_SCHEME } from './constants';
import type { EngineHost } from './engineHost';
import { parseRemoteQuery, remotePath, remoteQuery, type RemoteRef } from './remoteUri';
import { alignVolatileKeys } from './volatileKeys';

export function toRemoteUri(relPath: string, ref: RemoteRef): vscode.Uri {
  return vscode.Uri.from({ scheme: REMOTE_SCHEME, path: remotePath(relPath), query: remoteQuery(ref) });
}

export function fromRemoteUri(uri: vscode.Uri): RemoteRef | undefined {
  return uri.scheme === REMOTE_SCHEME ? parseRemoteQuery(uri.query) : undefined;
}

export class RemoteContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: EngineHost) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, this),
      // A re-detected conflict or a new pull changes what these documents hold.
      host.onDidChange((c) => {
        if (!c.conflicts && !c.documents) return;
        for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === REMOTE_SCHEME) this.emitter.fire(doc.uri);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = fromRemoteUri(uri);
    const read = this.host.engine?.read;
    if (!ref) return '';
    if (!read) return '(Notion Sync is not connected: set a token and a root to see this version)';
    if ('conflictId' in ref) {
      const c = read.conflict(ref.conflictId);
      if (!c) return '(this conflict no longer exists)';
      if (ref.side === 'notion') return alignVolatileKeys(c.remoteContent, await this.localText(c.path));
      return c.baseContent ?? '(no base version: the file was not pulled by this workspace before both sides changed)';
    }
    const base = read.base(ref.localId);
    if (!base) return '(no pulled version stored for this file yet: run Sync Now)';
    const map = read.mapByLocalId(ref.localId);
    return map ? alignVolatileKeys(base.content, await this.localText(map.path)) : base.content;
  }

  /** The local file's text, to align the metadata lines Notion maintains (see volatileKeys.ts). */
  private async localText(relPath: string): Promise<string | undefined> {
    const folder = this.host.workspaceFolder;
    if (!folder) return undefined;
    return (await readWorkspaceText(folder, relPath).catch(() => null)) ?? undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
