// The Conflicts view: unresolved conflicts; a click opens the diff, inline
// actions resolve. Its badge counts them, and notionSync.hasConflicts follows.
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from './constants';
import { conflictItemShape, conflictNodes, type ConflictNode } from './conflictItems';
import type { ContextKeys } from './contextKeys';
import type { Folders } from './folders';
import { plural } from './time';

export class ConflictsProvider implements vscode.TreeDataProvider<ConflictNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConflictNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private rows: ConflictNode[] = [];
  readonly view: vscode.TreeView<ConflictNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly folders: Folders,
    private readonly keys: ContextKeys,
  ) {
    this.view = vscode.window.createTreeView(VIEWS.conflicts, { treeDataProvider: this });
    this.subscriptions.push(this.view, folders.onDidChange((c) => c.conflicts && this.refresh()));
    this.refresh();
  }

  refresh(): void {
    this.rows = this.folders.all.flatMap((f) => {
      const engine = f.host.engine;
      return engine ? conflictNodes(engine.read.conflicts(), f.path) : [];
    });
    const n = this.rows.length;
    this.view.badge = n > 0 ? { value: n, tooltip: plural(n, 'unresolved conflict') } : undefined;
    this.keys.set(CONTEXT_KEYS.hasConflicts, n > 0);
    this.emitter.fire(undefined);
  }

  nodes(): ConflictNode[] {
    return this.rows;
  }

  getTreeItem(node: ConflictNode): vscode.TreeItem {
    const shape = conflictItemShape(node.conflict, Date.now(), this.folders.multiRoot && node.folder ? this.folders.forPath(node.folder)?.folder.name : undefined);
    const item = new vscode.TreeItem(shape.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = shape.description;
    item.tooltip = shape.tooltip;
    item.contextValue = shape.contextValue;
    item.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('gitDecoration.conflictingResourceForeground'));
    item.command = { command: COMMANDS.compareWithNotion, title: 'Compare with Notion', arguments: [node] };
    return item;
  }

  getChildren(node?: ConflictNode): ConflictNode[] {
    return node ? [] : this.rows;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
