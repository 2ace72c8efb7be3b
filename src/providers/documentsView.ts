// The Documents view: synced files by root and folder (model in documentTree.ts).
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from './constants';
import { buildDocumentTree, changedNodes, docItemShape, partialPaths, type DocNode } from './documentTree';
import type { EngineHost } from './engineHost';

export class DocumentsProvider implements vscode.TreeDataProvider<DocNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DocNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: DocNode[] = [];
  private readonly parents = new Map<string, DocNode>();
  readonly view: vscode.TreeView<DocNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: EngineHost) {
    this.view = vscode.window.createTreeView(VIEWS.documents, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, host.onDidChange((c) => c.documents && this.refresh()));
    this.refresh();
  }

  /** Rebuilds the model; redraws only the nodes whose content changed while the tree keeps its shape. */
  refresh(): void {
    const next = this.build();
    const changed = changedNodes(this.roots, next);
    if (changed === null) this.replace(next);
    else if (changed.length) {
      // The view knows the shown node objects: they take the new content, and only they are redrawn.
      for (const [shown, fresh] of changed) Object.assign(shown, { ...fresh, children: shown.children });
      this.emitter.fire(changed.map(([shown]) => shown));
    }
    this.view.message = this.host.engine && this.roots.length === 0 ? 'Nothing synced yet: run Sync Now.' : undefined;
  }

  private build(): DocNode[] {
    const engine = this.host.engine;
    const settings = engine?.settings;
    if (!engine || !settings) return [];
    return buildDocumentTree(engine.read.maps(), { folder: settings.folder, statuses: engine.read.files(), partialPaths: partialPaths(engine.read.documents()) });
  }

  private replace(next: DocNode[]): void {
    this.roots = next;
    this.parents.clear();
    const walk = (nodes: DocNode[], parent?: DocNode) => {
      for (const n of nodes) {
        if (parent) this.parents.set(n.id, parent);
        walk(n.children, n);
      }
    };
    walk(this.roots);
    this.emitter.fire(undefined);
  }

  /** All nodes, depth first (tests and commands look nodes up by path). */
  nodes(): DocNode[] {
    const out: DocNode[] = [];
    const walk = (nodes: DocNode[]) => {
      for (const n of nodes) {
        out.push(n);
        walk(n.children);
      }
    };
    walk(this.roots);
    return out;
  }

  getTreeItem(node: DocNode): vscode.TreeItem {
    const shape = docItemShape(node, Date.now());
    const item = new vscode.TreeItem(shape.label, shape.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = shape.description;
    item.tooltip = shape.tooltip;
    item.contextValue = shape.contextValue;
    const folder = this.host.workspaceFolder;
    if (shape.openPath && folder) {
      item.resourceUri = vscode.Uri.file(path.join(folder, ...shape.openPath.split('/')));
      item.command = { command: COMMANDS.openDocument, title: 'Open', arguments: [node] };
    }
    item.iconPath = new vscode.ThemeIcon(shape.icon);
    // Roots open expanded (even while their first sync has not listed children yet).
    if (node.kind === 'root') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    return item;
  }

  getChildren(node?: DocNode): DocNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: DocNode): DocNode | undefined {
    return this.parents.get(node.id);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
