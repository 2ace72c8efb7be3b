// What a command was invoked on: a tree node, a file URI (explorer, editor
// title), a diff side, a path or id string (tests, keybindings), or nothing
// (the palette: the active editor).
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictRow, MapRow } from '../sync/store/types';
import type { ConflictNode } from './conflictItems';
import type { DocNode } from './documentTree';
import type { EngineHost } from './engineHost';
import type { QueueNode } from './queueItems';
import { isNotionResource } from './notionScm';
import { fromRemoteUri } from './remoteContent';

export type Node = DocNode | QueueNode | ConflictNode;

export function isNode(arg: unknown): arg is Node {
  return typeof arg === 'object' && arg !== null && 'type' in arg && ['doc', 'operation', 'conflict'].includes((arg as { type: unknown }).type as string);
}

/** The file the active editor (or the right side of the active diff) shows. */
export function activeFileUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputTextDiff) return input.modified;
  if (input instanceof vscode.TabInputText) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

export function toRelative(host: EngineHost, uri: vscode.Uri): string | undefined {
  const folder = host.workspaceFolder;
  if (uri.scheme !== 'file' || !folder) return undefined;
  const rel = path.relative(folder, uri.fsPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Workspace-relative path of the file the argument names, if any. */
export function relPathOf(host: EngineHost, arg: unknown): string | undefined {
  if (isNotionResource(arg)) return arg.entry.path;
  if (isNode(arg)) {
    if (arg.type === 'doc') return arg.map?.path;
    if (arg.type === 'conflict') return arg.conflict.path;
    const id = arg.row.notionId;
    return id ? host.engine?.read.mapByNotionId(id)?.path : undefined;
  }
  if (arg instanceof vscode.Uri) {
    const ref = fromRemoteUri(arg);
    if (ref && 'conflictId' in ref) return host.engine?.read.conflict(ref.conflictId)?.path;
    if (ref) return host.engine?.read.mapByLocalId(ref.localId)?.path;
    return toRelative(host, arg);
  }
  if (typeof arg === 'string' && path.isAbsolute(arg.trim())) return toRelative(host, vscode.Uri.file(arg.trim()));
  if (typeof arg === 'string' && arg.trim()) return arg.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  const active = activeFileUri();
  return active ? relPathOf(host, active) : undefined;
}

/** The mapping the argument names: by node, path, or (for strings) Notion id. */
export function mapOf(host: EngineHost, arg: unknown): MapRow | undefined {
  const read = host.engine?.read;
  if (!read) return undefined;
  if (isNode(arg) && arg.type === 'doc') return arg.map;
  if (isNode(arg) && arg.type === 'operation' && arg.row.notionId) return read.mapByNotionId(arg.row.notionId);
  if (typeof arg === 'string') {
    const byId = read.mapByNotionId(arg) ?? read.mapByLocalId(arg);
    if (byId) return byId;
  }
  const rel = relPathOf(host, arg);
  return rel ? read.mapByPath(rel) : undefined;
}

/** The unresolved conflict the argument names: node, id, path, file or diff URI; else the active diff or file. */
export function conflictOf(host: EngineHost, arg: unknown, activeConflictId: () => number | undefined): ConflictRow | undefined {
  const engine = host.engine;
  if (!engine) return undefined;
  const unresolved = (c: ConflictRow | undefined) => (c && c.resolvedAt === null ? c : undefined);
  if (isNode(arg) && arg.type === 'conflict') return unresolved(engine.read.conflict(arg.conflict.id));
  if (typeof arg === 'number') return unresolved(engine.read.conflict(arg));
  if (arg instanceof vscode.Uri) {
    const ref = fromRemoteUri(arg);
    if (ref && 'conflictId' in ref) return unresolved(engine.read.conflict(ref.conflictId));
  }
  if (arg === undefined || arg === null) {
    const id = activeConflictId();
    if (id !== undefined) return unresolved(engine.read.conflict(id));
  }
  if (typeof arg === 'string') {
    const found = engine.findConflict(arg);
    if (found) return found;
  }
  const rel = relPathOf(host, arg);
  return rel ? engine.findConflict(rel) : undefined;
}

export function operationIdOf(arg: unknown): number | undefined {
  if (isNode(arg) && arg.type === 'operation') return arg.row.id;
  if (typeof arg === 'number' && Number.isInteger(arg)) return arg;
  if (typeof arg === 'string' && /^\d+$/.test(arg)) return Number(arg);
  return undefined;
}
