// Read-only documents for the left side of a diff: a conflict's Notion version
// or base, or a synced file's last pulled version. Served from the state
// database, so they open offline and match what the engine compared.
import * as vscode from 'vscode';
import { REMOTE_SCHEME } from './constants';
import type { EngineHost } from './engineHost';
import { parseRemoteQuery, remotePath, remoteQuery, type RemoteRef } from './remoteUri';

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
      host.onDidChangeState(() => {
        for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === REMOTE_SCHEME) this.emitter.fire(doc.uri);
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = fromRemoteUri(uri);
    const store = this.host.engine?.store;
    if (!ref) return '';
    if (!store) return '(Notion Sync is not connected: set a token and a root to see this version)';
    if ('conflictId' in ref) {
      const c = store.getConflict(ref.conflictId);
      if (!c) return '(this conflict no longer exists)';
      if (ref.side === 'notion') return c.remoteContent;
      return c.baseContent ?? '(no base version: the file was not pulled by this workspace before both sides changed)';
    }
    return store.getBase(ref.localId)?.content ?? '(no pulled version stored for this file yet: run Sync Now)';
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
