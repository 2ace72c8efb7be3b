// Saves of synced files, told to the engine at once (SyncEngine.noteSaved):
// every surface shows "modified locally" before the engine compares the file
// again, from the one status model (sync/engine/fileStates.ts).
import path from 'node:path';
import * as vscode from 'vscode';
import { readWorkspaceText } from '../sync/documents/workspaceFs';
import type { EngineHost } from './engineHost';

export class LocalEdits implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: EngineHost) {
    this.subscriptions.push(vscode.workspace.onDidSaveTextDocument((doc) => this.onSave(doc.uri, doc.getText())));
  }

  /** Paths saved since their last sync whose content differs from what was synced. */
  paths(): ReadonlySet<string> {
    return this.host.engine?.read.savedSinceSync() ?? new Set();
  }

  /** Re-checks a file from disk (after an external edit, for instance), read as the engine reads: never through a link. */
  async check(uri: vscode.Uri): Promise<void> {
    const folder = this.host.workspaceFolder;
    if (!folder || uri.scheme !== 'file') return;
    try {
      const text = await readWorkspaceText(folder, path.relative(folder, uri.fsPath));
      if (text !== null) this.onSave(uri, text);
    } catch {
      // unreadable, a link, or outside the folder: the next sync says what happened
    }
  }

  private onSave(uri: vscode.Uri, text: string): void {
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder || uri.scheme !== 'file') return;
    const rel = path.relative(folder, uri.fsPath).split(path.sep).join('/');
    if (rel.startsWith('..')) return;
    engine.noteSaved(rel, text);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
