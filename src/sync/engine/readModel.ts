// What the views, the status bar and the CLI may know of the engine's state:
// typed, read-only questions, and the change events that say when to ask
// again (changes.ts). Nothing outside src/sync touches the state store; every
// change goes through an engine operation (operations.ts).
import { sameId } from '../notion/ids';
import type { ResolvedRoot } from '../notion/types';
import type { StateStore } from '../store/stateStore';
import type { BaseRow, ConflictRow, DocumentRow, MapRow, QueueCounts, QueueQuery, QueueRow, SyncLogQuery, SyncLogRow } from '../store/types';
import type { ChangeFeed, ChangeListener } from './changes';
import { countStates, fileStatus, fileStatuses, type FileStatus } from './fileStates';
import { ROOTS_KEY } from './roots';
import type { SavedEdits } from './savedEdits';
import { buildStatus, type LiveStatus, type SyncStatus } from './status';

export class ReadModel {
  constructor(
    private readonly store: StateStore,
    private readonly feed: ChangeFeed,
    private readonly saved: SavedEdits,
    private readonly live: () => LiveStatus,
  ) {}

  /** Typed change events; the listener runs once per tick of changes. Returns the unsubscribe. */
  onDidChange(listener: ChangeListener): () => void {
    return this.feed.onDidChange(listener);
  }

  // Documents: mappings (file ⇄ Notion page, database or data source), scanned files, bases.

  maps(): MapRow[] {
    return this.store.listMaps();
  }

  mapByPath(rel: string): MapRow | undefined {
    return this.store.getMapByPath(rel);
  }

  mapByNotionId(notionId: string): MapRow | undefined {
    return this.store.getMapByNotionId(notionId);
  }

  mapByLocalId(localId: string): MapRow | undefined {
    return this.store.getMapByLocalId(localId);
  }

  /** The mapping a person named: local id, Notion id, or workspace-relative path. */
  findMap(ref: string): MapRow | undefined {
    return this.store.getMapByLocalId(ref) ?? this.store.getMapByNotionId(ref) ?? this.store.getMapByPath(ref);
  }

  /** Workspace markdown as last scanned, with what the scan found wrong in each. */
  documents(): DocumentRow[] {
    return this.store.listDocuments();
  }

  /** The version last pulled from Notion (the base of a three-way merge). */
  base(localId: string): BaseRow | undefined {
    return this.store.getBase(localId);
  }

  /** Paths saved with edits the engine has not compared yet. */
  savedSinceSync(): ReadonlySet<string> {
    return this.saved.paths();
  }

  /** The status model: every mapping's shown state, by path (fileStates.ts). */
  files(): Map<string, FileStatus> {
    return fileStatuses(this.store.listMaps(), this.store.listDocuments(), this.saved.paths());
  }

  /** One file's status (the same derivation as files(), for one path). */
  fileStatus(rel: string): FileStatus | undefined {
    const map = this.store.getMapByPath(rel);
    if (!map) return undefined;
    return fileStatus(map, this.store.getDocumentByPath(rel)?.diagnostics, this.saved.paths().has(rel));
  }

  // Queue

  queue(query: QueueQuery = {}): QueueRow[] {
    return this.store.getQueue(query);
  }

  operation(id: number): QueueRow | undefined {
    return this.store.getOperation(id);
  }

  queueCounts(): QueueCounts {
    return this.store.queueCounts();
  }

  // Conflicts

  /** Unresolved conflicts, oldest first. */
  conflicts(): ConflictRow[] {
    return this.store.getUnresolvedConflicts();
  }

  /** A conflict by id, resolved or not. */
  conflict(id: number): ConflictRow | undefined {
    return this.store.getConflict(id);
  }

  /** The unresolved conflict named by id, path or Notion id. */
  findConflict(idOrPath: string): ConflictRow | undefined {
    const asNumber = Number(idOrPath);
    const norm = idOrPath.replace(/\\/g, '/').replace(/^\.\//, '');
    return this.conflicts().find((c) => (Number.isInteger(asNumber) && c.id === asNumber) || c.path === norm || (c.notionId !== null && sameId(c.notionId, idOrPath)));
  }

  // Roots, log, status

  /** Configured roots the engine has resolved, by the setting's text (id or URL). */
  resolvedRoots(): Record<string, ResolvedRoot> {
    return this.store.getConfig<Record<string, ResolvedRoot>>(ROOTS_KEY) ?? {};
  }

  log(query: SyncLogQuery): SyncLogRow[] {
    return this.store.listLog(query);
  }

  /** Sync health for the status bar, `notion-sync status` and the receiver's status endpoint. */
  status(): SyncStatus {
    return buildStatus(this.store, this.live(), countStates(this.files().values()));
  }
}
