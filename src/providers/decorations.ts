// Badges and tooltips on synced files in the explorer, tabs and trees, from the
// status model (ReadModel.files()). Fires the union of old and new URIs, so a
// file that leaves the sync loses its badge, and only the files whose state changed.
import path from 'node:path';
import * as vscode from 'vscode';
import type { FileStatus } from '../sync/engine/fileStates';
import { decorationFor } from './documentState';
import type { EngineHost } from './engineHost';

export class SyncDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  /** fsPath → decoration key ("state|problem"), as last reported. */
  private shown = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: EngineHost) {
    this.subscriptions.push(vscode.window.registerFileDecorationProvider(this), host.onDidChange((c) => c.documents && this.refresh()));
  }

  private current(): Map<string, FileStatus> {
    const out = new Map<string, FileStatus>();
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder) return out;
    for (const [rel, status] of engine.read.files()) {
      if (status.map.notionType === 'page') out.set(path.join(folder, ...rel.split('/')), status);
    }
    return out;
  }

  private refresh(): void {
    const next = new Map<string, string>();
    for (const [fsPath, v] of this.current()) next.set(fsPath, `${v.state}|${v.problem ?? ''}`);
    const changed: vscode.Uri[] = [];
    for (const [fsPath, key] of next) if (this.shown.get(fsPath) !== key) changed.push(vscode.Uri.file(fsPath));
    for (const fsPath of this.shown.keys()) if (!next.has(fsPath)) changed.push(vscode.Uri.file(fsPath));
    this.shown = next;
    if (changed.length) this.emitter.fire(changed);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder) return undefined;
    const rel = path.relative(folder, uri.fsPath).split(path.sep).join('/');
    if (rel.startsWith('..')) return undefined;
    const status = engine.read.fileStatus(rel);
    if (!status || status.map.notionType !== 'page') return undefined;
    const choice = decorationFor(status.state, status.problem);
    if (!choice) return undefined;
    return new vscode.FileDecoration(choice.badge, choice.tooltip, choice.color ? new vscode.ThemeColor(choice.color) : undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
