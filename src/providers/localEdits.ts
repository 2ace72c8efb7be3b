// Saves of synced files, known before the engine compares them again: the
// Documents view and the file decorations show "modified locally" at once.
import path from 'node:path';
import * as vscode from 'vscode';
import { readWorkspaceText } from '../sync/documents/workspaceFs';
import { fileHash } from '../sync/engine/render';
import type { EngineHost } from './engineHost';

export class LocalEdits implements vscode.Disposable {
  /** Workspace-relative path → the mapping's localHash when the save was seen. */
  private readonly saved = new Map<string, string | null>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: EngineHost) {
    this.subscriptions.push(vscode.workspace.onDidSaveTextDocument((doc) => void this.onSave(doc.uri, doc.getText())));
    this.subscriptions.push(host.onDidChangeEngine(() => this.saved.clear()));
  }

  /** Paths saved since their last sync whose content differs from what was synced. */
  paths(): ReadonlySet<string> {
    const engine = this.host.engine;
    if (!engine) return new Set();
    for (const [rel, hashAtSave] of this.saved) {
      // The engine has compared the file since: its own state is current.
      if (engine.store.getMapByPath(rel)?.localHash !== hashAtSave) this.saved.delete(rel);
    }
    return new Set(this.saved.keys());
  }

  /** Re-checks a file from disk (after an external edit, for instance), read as the engine reads: never through a link. */
  async check(uri: vscode.Uri): Promise<void> {
    const folder = this.host.workspaceFolder;
    if (!folder || uri.scheme !== 'file') return;
    try {
      const text = await readWorkspaceText(folder, path.relative(folder, uri.fsPath));
      if (text !== null) await this.onSave(uri, text);
    } catch {
      // unreadable, a link, or outside the folder: the next sync says what happened
    }
  }

  private async onSave(uri: vscode.Uri, text: string): Promise<void> {
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder || uri.scheme !== 'file') return;
    const rel = path.relative(folder, uri.fsPath).split(path.sep).join('/');
    if (rel.startsWith('..')) return;
    const map = engine.store.getMapByPath(rel);
    if (!map) return;
    const had = this.saved.has(rel);
    if (map.localHash !== null && fileHash(text) !== map.localHash) this.saved.set(rel, map.localHash);
    else this.saved.delete(rel);
    if (had !== this.saved.has(rel)) this.host.notify();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
