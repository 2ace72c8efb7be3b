// The Documents view: synced files by root and folder (model in documentTree.ts).
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from './constants';
import { buildDocumentTree, docItemShape, partialPaths, type DocNode } from './documentTree';
import type { EngineHost } from './engineHost';
import type { LocalEdits } from './localEdits';

export class DocumentsProvider implements vscode.TreeDataProvider<DocNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DocNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: DocNode[] = [];
  private readonly parents = new Map<string, DocNode>();
  readonly view: vscode.TreeView<DocNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly host: EngineHost,
    private readonly edits: LocalEdits,
  ) {
    this.view = vscode.window.createTreeView(VIEWS.documents, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, host.onDidChangeState(() => this.refresh()));
    this.refresh();
  }

  refresh(): void {
    const engine = this.host.engine;
    const settings = engine?.settings;
    this.roots = engine && settings ? buildDocumentTree(engine.store.listMaps(), { folder: settings.folder, savedSinceSync: this.edits.paths(), partialPaths: partialPaths(engine.store.listDocuments()) }) : [];
    this.parents.clear();
    const walk = (nodes: DocNode[], parent?: DocNode) => {
      for (const n of nodes) {
        if (parent) this.parents.set(n.id, parent);
        walk(n.children, n);
      }
    };
    walk(this.roots);
    this.view.message = engine && this.roots.length === 0 ? 'Nothing synced yet: run Sync Now.' : undefined;
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
