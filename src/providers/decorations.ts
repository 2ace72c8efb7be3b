// Badges and tooltips on synced files in the explorer, tabs and trees. Fires
// the union of old and new URIs, so a file that leaves the sync loses its badge.
import path from 'node:path';
import * as vscode from 'vscode';
import { decorationFor, shownState } from './documentState';
import type { EngineHost } from './engineHost';
import type { LocalEdits } from './localEdits';

export class SyncDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  /** fsPath → decoration key ("state|error"), as last reported. */
  private shown = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly host: EngineHost,
    private readonly edits: LocalEdits,
  ) {
    this.subscriptions.push(vscode.window.registerFileDecorationProvider(this), host.onDidChangeState(() => this.refresh()));
  }

  private current(): Map<string, { state: ReturnType<typeof shownState>; error: string | null }> {
    const out = new Map<string, { state: ReturnType<typeof shownState>; error: string | null }>();
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder) return out;
    const saved = this.edits.paths();
    for (const m of engine.store.listMaps()) {
      if (m.notionType !== 'page') continue;
      out.set(path.join(folder, ...m.path.split('/')), { state: shownState(m.state, saved.has(m.path)), error: m.lastError });
    }
    return out;
  }

  private refresh(): void {
    const next = new Map<string, string>();
    for (const [fsPath, v] of this.current()) next.set(fsPath, `${v.state}|${v.error ?? ''}`);
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
    const map = engine.store.getMapByPath(rel);
    if (!map || map.notionType !== 'page') return undefined;
    const choice = decorationFor(shownState(map.state, this.edits.paths().has(rel)), map.lastError);
    if (!choice) return undefined;
    return new vscode.FileDecoration(choice.badge, choice.tooltip, choice.color ? new vscode.ThemeColor(choice.color) : undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
