// The Documents view's model: mapped files arranged by root and folder. A page
// `Title.md` and its children's folder `Title/` are one node, as in Notion.
// Pure: the VS Code adapter (documentsView.ts) only turns nodes into TreeItems.
import { sameId } from '../sync/notion/ids';
import type { FileStatus } from '../sync/engine/fileStates';
import type { MapRow } from '../sync/store/types';
import { stateLook, type ShownState } from './documentState';
import { absoluteTime, relativeTime } from './time';

/** `workspace`: a folder of a multi-root workspace, above its roots. */
export type DocNodeKind = 'workspace' | 'root' | 'folder' | 'document';

export interface DocNode {
  readonly type: 'doc';
  /** Stable across refreshes: the node's key path. */
  readonly id: string;
  readonly kind: DocNodeKind;
  readonly label: string;
  /** The mapping shown by this node (a page file, a database folder), if any. */
  readonly map: MapRow | undefined;
  readonly state: ShownState | undefined;
  /** A page Notion could not fully render (notion_partial): never pushed. */
  readonly partial: boolean;
  /** Why the node is in error (the engine's last error, or what the scan found in the file). */
  readonly problem: string | null;
  readonly children: DocNode[];
  /** The workspace folder the node's files are in. */
  readonly folder?: string;
}

export interface DocTreeOptions {
  /** The target folder (settings.folder): paths below it are shown relative to it. */
  folder: string;
  /** The status model's state of each file, by path (ReadModel.files()); the mapping's own state where missing. */
  statuses?: ReadonlyMap<string, FileStatus>;
  /** Paths of pages pulled only in part (frontmatter notion_partial: true). */
  partialPaths?: ReadonlySet<string>;
  /** The workspace folder (absolute): stamped on every node, and it keeps node ids apart across folders. */
  workspace?: string;
}

interface Draft {
  name: string;
  key: string;
  maps: MapRow[];
  children: Map<string, Draft>;
}

const TYPE_RANK: Record<MapRow['notionType'], number> = { page: 0, database: 1, data_source: 2 };

export function buildDocumentTree(maps: readonly MapRow[], options: DocTreeOptions): DocNode[] {
  const prefix = `${options.folder.replace(/\/+$/, '')}/`;
  const top: Draft = { name: '', key: '', maps: [], children: new Map() };
  for (const map of maps) {
    if (map.state === 'trashed') continue;
    const rel = map.path.startsWith(prefix) ? map.path.slice(prefix.length) : map.path;
    const segments = rel.split('/').filter(Boolean);
    if (segments.length === 0) continue;
    const last = segments.length - 1;
    if (map.notionType === 'page') segments[last] = segments[last].replace(/\.md$/i, '');
    let node = top;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = { name: segment, key: node.key ? `${node.key}/${segment}` : segment, maps: [], children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.maps.push(map);
  }
  return finish(top, { statuses: options.statuses ?? new Map(), partial: options.partialPaths ?? new Set(), workspace: options.workspace });
}

/** A folder of a multi-root workspace, holding its synced roots. */
export function workspaceNode(name: string, workspace: string, children: DocNode[]): DocNode {
  return { type: 'doc', id: `ws:${workspace}`, kind: 'workspace', label: name, map: undefined, state: undefined, partial: false, problem: null, children, folder: workspace };
}

interface Finish {
  statuses: ReadonlyMap<string, FileStatus>;
  partial: ReadonlySet<string>;
  workspace: string | undefined;
}

function finish(draft: Draft, f: Finish): DocNode[] {
  const { statuses, partial, workspace } = f;
  const nodes = [...draft.children.values()].map((d): DocNode => {
    const map = [...d.maps].sort((a, b) => TYPE_RANK[a.notionType] - TYPE_RANK[b.notionType])[0];
    const isRoot = d.maps.some((m) => m.rootId !== null && sameId(m.rootId, m.notionId));
    // A database and its data source share a folder path: a status is this node's only if it is of this mapping.
    const status = map && statuses.get(map.path)?.map.localId === map.localId ? statuses.get(map.path) : undefined;
    const kind: DocNodeKind = isRoot ? 'root' : map?.notionType === 'page' ? 'document' : 'folder';
    return {
      type: 'doc',
      id: workspace ? `doc:${workspace}:${d.key}` : `doc:${d.key}`,
      kind,
      label: map?.title?.trim() || d.name,
      map,
      state: map ? (status?.state ?? map.state) : undefined,
      partial: !!map && partial.has(map.path),
      problem: map ? (status?.problem ?? map.lastError) : null,
      children: finish(d, f),
      folder: workspace,
    };
  });
  // Roots first, then folders and pages with children, then leaf pages; by name within each.
  const rank = (n: DocNode) => (n.kind === 'root' ? 0 : n.children.length > 0 ? 1 : 2);
  return nodes.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
}

/**
 * What a rebuild changed, for an incremental refresh: pairs of a shown node and
 * its new content when the tree kept its shape (same nodes, same places), or
 * null when it did not (a file came, went or moved: redraw from the top).
 */
export function changedNodes(before: readonly DocNode[], after: readonly DocNode[]): Array<[shown: DocNode, next: DocNode]> | null {
  const out: Array<[DocNode, DocNode]> = [];
  const walk = (a: readonly DocNode[], b: readonly DocNode[]): boolean => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i].id !== b[i].id || !walk(a[i].children, b[i].children)) return false;
      if (!sameContent(a[i], b[i])) out.push([a[i], b[i]]);
    }
    return true;
  };
  return walk(before, after) ? out : null;
}

function sameContent(a: DocNode, b: DocNode): boolean {
  return (
    a.label === b.label &&
    a.kind === b.kind &&
    a.state === b.state &&
    a.partial === b.partial &&
    a.problem === b.problem &&
    a.map?.localId === b.map?.localId &&
    a.map?.updatedAt === b.map?.updatedAt
  );
}

/** Pages pulled only in part, from the documents' frontmatter. */
export function partialPaths(docs: readonly { path: string; frontmatter: Record<string, unknown> }[]): Set<string> {
  return new Set(docs.filter((d) => d.frontmatter.notion_partial === true).map((d) => d.path));
}

export interface DocItemShape {
  label: string;
  description: string;
  tooltip: string;
  /** The manifest's `viewItem` value: document, root or folder. */
  contextValue: DocNodeKind;
  icon: string;
  collapsible: boolean;
  /** Workspace-relative path of a page file to open on click. */
  openPath: string | undefined;
}

/** Descriptions' words where the state's full label (tooltips, decorations) is long. */
const SHORT_STATE: Partial<Record<ShownState, string>> = { modified: 'modified', trashed: 'deleted in Notion' };

export function docItemShape(node: DocNode, now: number): DocItemShape {
  if (node.kind === 'workspace') {
    const tooltip = `${node.label}\n${node.folder ?? ''}\nWorkspace folder: synced with its own settings and state`;
    return { label: node.label, description: '', tooltip, contextValue: 'workspace', icon: 'folder-library', collapsible: true, openPath: undefined };
  }
  const map = node.map;
  const look = node.state ? stateLook(node.state) : undefined;
  // Short words: at the default sidebar width a title and its description share ~35 characters;
  // the tooltip says it all in full (state, path, when, why).
  const parts: string[] = [];
  if (look && node.state !== 'synced') parts.push(SHORT_STATE[node.state as ShownState] ?? look.label);
  if (node.partial) parts.push('partial');
  // When it last synced only while nothing else needs saying (the tooltip always has it).
  const quiet = !look || node.state === 'synced';
  if (quiet && map?.syncedAt) parts.push(relativeTime(map.syncedAt, now));
  else if (quiet && map && node.state === 'synced' && map.publishedAt) parts.push(relativeTime(map.publishedAt, now));
  const tooltip: string[] = [node.label];
  if (map) {
    tooltip.push(map.path);
    if (look) tooltip.push(`State: ${look.label}`);
    const kindWord = node.kind === 'root' ? `root ${map.notionType.replace('_', ' ')}` : map.notionType.replace('_', ' ');
    tooltip.push(`Notion ${kindWord}${map.url ? `: ${map.url}` : ''}`);
    // A database folder is never "verified equal" itself (its rows are): its last pull is when it was written.
    const when = map.syncedAt ?? map.publishedAt;
    if (when) tooltip.push(`Last synced ${absoluteTime(when)} (${relativeTime(when, now)})`);
    else if (map.notionType !== 'page') tooltip.push('Its rows are synced one file each');
    else tooltip.push('Not synced yet');
    if (node.partial) tooltip.push('Partial: Notion could not render all of this page (unsupported blocks, or too long), so it is never pushed over Notion’s version');
    if (map.notionLastEditedTime) tooltip.push(`Edited in Notion ${absoluteTime(Date.parse(map.notionLastEditedTime))}`);
    if (node.problem) tooltip.push(`${map.lastError ? 'Last error' : 'Problem'}: ${node.problem}`);
  }
  const isFolderish = !map || map.notionType !== 'page';
  const icon = node.kind === 'root' ? 'root-folder' : isFolderish ? (map?.notionType === 'page' || !map ? 'folder' : 'database') : (look?.icon ?? 'file');
  return {
    label: node.label,
    description: parts.join(' · '),
    tooltip: tooltip.join('\n'),
    contextValue: node.kind,
    icon,
    collapsible: node.children.length > 0,
    openPath: map?.notionType === 'page' ? map.path : undefined,
  };
}
