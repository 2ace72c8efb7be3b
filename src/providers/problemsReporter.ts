// Problems entries for workspace markdown the engine cannot track (invalid
// frontmatter and the like), from the last scan or the stored document rows.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../sync/documents/diagnostics';
import { ENGINE_DIR } from '../sync/settings';
import type { EngineHost } from './engineHost';
import { problemsByPath } from './problems';

export class ProblemsReporter implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('notion-sync');
  private lastScan: Diagnostic[] | null = null;
  private readonly subscriptions: vscode.Disposable[] = [];
  private rescanTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: EngineHost) {
    this.subscriptions.push(
      host.onDidChangeEngine((engine) => {
        this.lastScan = null;
        this.publish();
        if (engine) this.scheduleRescan(1_000);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        // Merge working copies and backups (.notion-sync/) are never documents.
        const inEngineDir = doc.uri.fsPath.split(path.sep).includes(ENGINE_DIR);
        if ((doc.languageId === 'markdown' || doc.uri.fsPath.endsWith('.md')) && !inEngineDir) this.scheduleRescan(500);
      }),
    );
    // New bytes under a medium's name (an image edited in another app) are an edit of the page linking it:
    // the scan notices them (engine/mediaEdits.ts), and in bidirectional mode queues the page's push.
    const media = vscode.workspace.createFileSystemWatcher('**/*.media/**');
    const rescan = () => this.scheduleRescan(1_000);
    this.subscriptions.push(media, media.onDidChange(rescan), media.onDidCreate(rescan));
  }

  /** The index result of a pull: its diagnostics carry line numbers. */
  report(diagnostics: Diagnostic[] | null | undefined): void {
    if (diagnostics) this.lastScan = diagnostics;
    this.publish();
  }

  /** Rescans the workspace (only changed files are read) while the engine is idle. */
  scheduleRescan(delayMs: number): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => void this.rescan(), delayMs);
  }

  async rescan(): Promise<void> {
    const engine = this.host.engine;
    if (!engine) return;
    if (engine.busy) {
      this.scheduleRescan(2_000);
      return;
    }
    try {
      const result = await engine.indexDocuments(this.host.signal);
      this.report(result.diagnostics);
    } catch {
      // a closing engine or a cancelled scan: the next one reports
    }
  }

  private publish(): void {
    this.collection.clear();
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder) return;
    for (const [rel, problems] of problemsByPath(this.lastScan, engine.read.documents())) {
      const uri = vscode.Uri.file(path.join(folder, ...rel.split('/')));
      this.collection.set(
        uri,
        problems.map((p) => {
          const d = new vscode.Diagnostic(
            new vscode.Range(p.line, p.column, p.line, Number.MAX_SAFE_INTEGER),
            p.message,
            p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
          );
          d.source = 'Notion Sync';
          return d;
        }),
      );
    }
  }

  /** Entries for one file, for tests. */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
