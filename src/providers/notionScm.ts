// The Notion source-control provider: the Source Control view lists what
// differs from Notion (Conflicts, Local Changes, Incoming) with a count badge,
// a click opens the diff against Notion, and the quick-diff provider gives the
// editor gutter marks against the version last pulled from Notion, as git does
// against HEAD. It reads the engine's state and never writes it.
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import { partialPaths } from './documentTree';
import type { EngineHost } from './engineHost';
import type { LocalEdits } from './localEdits';
import { toRemoteUri } from './remoteContent';
import { GROUP_LABELS, scmCount, scmEntries, type ScmEntry, type ScmGroupId } from './scmEntries';

export const SCM_ID = 'notionSync';

/** What a command invoked from the Source Control view receives. */
export interface NotionResourceState extends vscode.SourceControlResourceState {
  readonly entry: ScmEntry;
}

export function isNotionResource(arg: unknown): arg is NotionResourceState {
  return typeof arg === 'object' && arg !== null && 'entry' in arg && 'resourceUri' in arg && (arg as { resourceUri: unknown }).resourceUri instanceof vscode.Uri;
}

const ICONS: Record<ScmEntry['letter'], vscode.ThemeIcon> = {
  C: new vscode.ThemeIcon('warning', new vscode.ThemeColor('gitDecoration.conflictingResourceForeground')),
  M: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')),
  A: new vscode.ThemeIcon('diff-added', new vscode.ThemeColor('gitDecoration.addedResourceForeground')),
  I: new vscode.ThemeIcon('cloud-download'),
  D: new vscode.ThemeIcon('diff-removed', new vscode.ThemeColor('gitDecoration.deletedResourceForeground')),
};

export class NotionScm implements vscode.Disposable, vscode.QuickDiffProvider {
  private control: vscode.SourceControl | undefined;
  private groups = new Map<ScmGroupId, vscode.SourceControlResourceGroup>();
  private current: ScmEntry[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<readonly ScmEntry[]>();
  /** Fires after the view's groups were rebuilt. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly host: EngineHost,
    private readonly edits: LocalEdits,
  ) {
    this.subscriptions.push(host.onDidChange((c) => (c.documents || c.queue || c.conflicts) && this.refresh()));
    this.refresh();
  }

  /** The entries the view shows now (tests and commands read them). */
  entries(): readonly ScmEntry[] {
    return this.current;
  }

  get sourceControl(): vscode.SourceControl | undefined {
    return this.control;
  }

  /** Gutter marks: a synced page's original is the version last pulled from Notion. */
  provideOriginalResource(uri: vscode.Uri): vscode.Uri | undefined {
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder || uri.scheme !== 'file') return undefined;
    const rel = path.relative(folder, uri.fsPath).split(path.sep).join('/');
    if (rel.startsWith('..')) return undefined;
    const map = engine.read.mapByPath(rel);
    if (!map || map.notionType !== 'page' || !engine.read.base(map.localId)) return undefined;
    return toRemoteUri(folder, rel, { localId: map.localId, side: 'base' });
  }

  refresh(): void {
    const engine = this.host.engine;
    const folder = this.host.workspaceFolder;
    if (!engine || !folder) {
      this.close();
      return;
    }
    const control = this.ensureControl(folder);
    this.current = scmEntries({
      maps: engine.read.maps(),
      conflicts: engine.read.conflicts(),
      queue: engine.read.queue({ status: ['pending', 'processing', 'error'] }),
      editedPaths: this.edits.paths(),
      mode: engine.settings.mode,
      partialPaths: partialPaths(engine.read.documents()),
    });
    for (const [id, group] of this.groups) {
      group.resourceStates = this.current.filter((e) => e.group === id).map((e) => this.toState(folder, e));
    }
    control.count = scmCount(this.current);
    this.changed.fire(this.current);
  }

  private ensureControl(folder: string): vscode.SourceControl {
    if (this.control && this.control.rootUri?.fsPath === folder) return this.control;
    this.close();
    const control = vscode.scm.createSourceControl(SCM_ID, 'Notion', vscode.Uri.file(folder));
    control.quickDiffProvider = this;
    control.inputBox.visible = false;
    control.acceptInputCommand = undefined;
    for (const id of ['conflicts', 'local', 'incoming'] as const) {
      const group = control.createResourceGroup(id, GROUP_LABELS[id]);
      group.hideWhenEmpty = true;
      this.groups.set(id, group);
    }
    this.control = control;
    return control;
  }

  private toState(folder: string, entry: ScmEntry): NotionResourceState {
    const resourceUri = vscode.Uri.file(path.join(folder, ...entry.path.split('/')));
    const open: vscode.Command =
      entry.group === 'incoming' || entry.letter === 'A'
        ? { command: 'vscode.open', title: 'Open File', arguments: [resourceUri] }
        : entry.group === 'conflicts'
          ? { command: COMMANDS.mergeConflict, title: 'Merge', arguments: [resourceUri] }
          : { command: COMMANDS.compareWithNotion, title: 'Compare with Notion', arguments: [resourceUri] };
    return {
      entry,
      resourceUri,
      command: open,
      contextValue: `${entry.group}:${entry.letter}`,
      decorations: { tooltip: entry.tooltip, iconPath: ICONS[entry.letter], strikeThrough: entry.letter === 'D' },
    };
  }

  private close(): void {
    for (const g of this.groups.values()) g.dispose();
    this.groups.clear();
    this.control?.dispose();
    this.control = undefined;
    if (this.current.length) {
      this.current = [];
      this.changed.fire(this.current);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.close();
    this.changed.dispose();
  }
}
