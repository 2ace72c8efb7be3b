// Typed change events: what changed in the engine's state, for the views and
// the status bar. Nobody calls "changed" by hand after a write: the state
// database names the tables each committed write touched (store/writeFeed.ts),
// and the engine adds what lives outside it (the running job, its progress, a
// wait Notion imposes, saves not yet compared). Events of one tick arrive as
// one EngineChange, so a pull that writes a thousand rows does not refresh a
// view a thousand times.
import type { StateStore } from '../store/stateStore';

export interface EngineChange {
  /** Mappings, scanned documents, base snapshots or saves seen (the Documents view, decorations, SCM). */
  readonly documents: boolean;
  /** Queue rows (the Queue view, its badge, SCM's incoming and pushes). */
  readonly queue: boolean;
  /** Conflicts recorded or resolved (the Conflicts view, its badge, merge editors). */
  readonly conflicts: boolean;
  /** The live state: job running or not, progress, rate-limit waits, last success and error. */
  readonly status: boolean;
}

export type ChangeKind = keyof EngineChange;
export type ChangeListener = (change: EngineChange) => void;

/** Which kind of change a write to each table is; tables not listed (log, webhook dedupe, tasks…) change no view. */
const TABLE_KINDS: Readonly<Record<string, ChangeKind>> = {
  notion_maps: 'documents',
  binder_documents: 'documents',
  document_bases: 'documents',
  notion_sync_queue: 'queue',
  sync_conflicts: 'conflicts',
  notion_config: 'status',
};

export function kindsOfTables(tables: Iterable<string>): Set<ChangeKind> {
  const kinds = new Set<ChangeKind>();
  for (const t of tables) {
    const kind = TABLE_KINDS[t];
    if (kind) kinds.add(kind);
  }
  return kinds;
}

/** The union of two changes (a view that throttles merges what it missed). */
export function mergeChanges(a: EngineChange | null, b: EngineChange): EngineChange {
  if (!a) return b;
  return { documents: a.documents || b.documents, queue: a.queue || b.queue, conflicts: a.conflicts || b.conflicts, status: a.status || b.status };
}

export const EVERYTHING: EngineChange = { documents: true, queue: true, conflicts: true, status: true };

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private pending: Set<ChangeKind> | null = null;
  private readonly stopWatching: () => void;
  private disposed = false;

  constructor(
    store: StateStore,
    private readonly onError: (e: unknown) => void,
  ) {
    this.stopWatching = store.onDidWrite((tables) => this.note(...kindsOfTables(tables)));
  }

  onDidChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a change; listeners hear it once the current tick's writes are done. */
  note(...kinds: ChangeKind[]): void {
    if (this.disposed || kinds.length === 0 || this.listeners.size === 0) return;
    if (!this.pending) {
      this.pending = new Set();
      setImmediate(() => this.deliver());
    }
    for (const k of kinds) this.pending.add(k);
  }

  private deliver(): void {
    const kinds = this.pending;
    this.pending = null;
    if (!kinds || this.disposed) return;
    const change: EngineChange = { documents: kinds.has('documents'), queue: kinds.has('queue'), conflicts: kinds.has('conflicts'), status: kinds.has('status') };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.onError(e);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatching();
    this.listeners.clear();
  }
}
