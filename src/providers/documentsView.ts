// The Documents view: synced files by root and folder (model in documentTree.ts);
// in a multi-root workspace, by workspace folder first.
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from './constants';
import { buildDocumentTree, changedNodes, docItemShape, partialPaths, workspaceNode, type DocNode } from './documentTree';
import type { FolderSession } from './folderSession';
import type { Folders } from './folders';

export class DocumentsProvider implements vscode.TreeDataProvider<DocNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DocNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: DocNode[] = [];
  private readonly parents = new Map<string, DocNode>();
  readonly view: vscode.TreeView<DocNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly folders: Folders) {
    this.view = vscode.window.createTreeView(VIEWS.documents, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, folders.onDidChange((c) => c.documents && this.refresh()));
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
    const open = this.folders.all.some((f) => f.host.engine);
    this.view.message = open && this.nodes().every((n) => n.kind === 'workspace') ? 'Nothing synced yet: run Sync Now.' : undefined;
  }

  /** Every open folder's synced files; below one node per folder in a multi-root workspace. */
  private build(): DocNode[] {
    const open = this.folders.all.filter((f) => f.host.engine);
    return this.folders.multiRoot ? open.map((f) => workspaceNode(f.folder.name, f.path, this.folderTree(f))) : open.flatMap((f) => this.folderTree(f));
  }

  /** One folder's synced files. */
  private folderTree(session: FolderSession): DocNode[] {
    const engine = session.host.engine;
    if (!engine) return [];
    const read = engine.read;
    return buildDocumentTree(read.maps(), { folder: engine.settings.folder, statuses: read.files(), partialPaths: partialPaths(read.documents()), workspace: session.path });
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
    const folder = node.folder;
    if (shape.openPath && folder) {
      item.resourceUri = vscode.Uri.file(path.join(folder, ...shape.openPath.split('/')));
      item.command = { command: COMMANDS.openDocument, title: 'Open', arguments: [node] };
    }
    item.iconPath = new vscode.ThemeIcon(shape.icon);
    // Roots and workspace folders open expanded (even while their first sync has not listed children yet).
    if (node.kind === 'root' || node.kind === 'workspace') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
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
