// The Queue view: pending, running, failed and given-up operations; its badge
// counts failures.
import * as vscode from 'vscode';
import { VIEWS } from './constants';
import type { Folders } from './folders';
import { failureCount, queueItemShape, SHOWN_STATUSES, sortQueue, type QueueNode } from './queueItems';
import { plural } from './time';

/** More rows than a person reads; the status bar and the badge carry the totals. */
const LIMIT = 500;

export class QueueProvider implements vscode.TreeDataProvider<QueueNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<QueueNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private rows: QueueNode[] = [];
  readonly view: vscode.TreeView<QueueNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly folders: Folders) {
    this.view = vscode.window.createTreeView(VIEWS.queue, { treeDataProvider: this });
    this.subscriptions.push(this.view, folders.onDidChange((c) => c.queue && this.refresh()));
    this.refresh();
  }

  refresh(): void {
    const engines = this.folders.all.flatMap((f) => (f.host.engine ? [{ engine: f.host.engine, folder: f.path }] : []));
    this.rows = engines.flatMap(({ engine, folder }) => sortQueue(engine.read.queue({ status: [...SHOWN_STATUSES], limit: LIMIT }), folder));
    const failures = engines.reduce((n, { engine }) => n + failureCount(engine.read.queueCounts()), 0);
    this.view.badge = failures > 0 ? { value: failures, tooltip: `${plural(failures, 'failed operation')}` } : undefined;
    this.emitter.fire(undefined);
  }

  nodes(): QueueNode[] {
    return this.rows;
  }

  getTreeItem(node: QueueNode): vscode.TreeItem {
    const read = node.folder ? this.folders.forPath(node.folder)?.host.engine?.read : undefined;
    const shape = queueItemShape(node.row, Date.now(), (id) => read?.mapByNotionId(id)?.title ?? undefined);
    const item = new vscode.TreeItem(shape.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = shape.description;
    item.tooltip = shape.tooltip;
    item.contextValue = shape.contextValue;
    item.iconPath = new vscode.ThemeIcon(shape.icon, shape.color ? new vscode.ThemeColor(shape.color) : undefined);
    return item;
  }

  getChildren(node?: QueueNode): QueueNode[] {
    return node ? [] : this.rows;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
