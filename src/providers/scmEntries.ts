// What the Notion source-control view lists, computed from the engine's state.
// Pure: no `vscode`. Groups follow git's: Conflicts (merge changes), Local
// changes (the working tree), Incoming (what Notion announced and the next Pull
// brings, known from webhook or poll operations still queued).
import type { SyncMode } from '../sync/settings';
import type { ConflictRow, MapRow, QueueRow } from '../sync/store/types';

export type ScmGroupId = 'conflicts' | 'local' | 'incoming';

export interface ScmEntry {
  group: ScmGroupId;
  /** Workspace-relative posix path. */
  path: string;
  localId: string | null;
  notionId: string | null;
  conflictId?: number;
  /** Git's letters: C conflict, M modified, A added (new page), I incoming, D deleted in Notion. */
  letter: 'C' | 'M' | 'A' | 'I' | 'D';
  tooltip: string;
}

export interface ScmInput {
  maps: readonly MapRow[];
  conflicts: readonly ConflictRow[];
  queue: readonly QueueRow[];
  /** Files saved with edits the engine has not compared yet. */
  editedPaths: ReadonlySet<string>;
  mode: SyncMode;
  /** Pages pulled only in part (notion_partial): never pushed. */
  partialPaths?: ReadonlySet<string>;
}

export const GROUP_LABELS: Record<ScmGroupId, string> = {
  conflicts: 'Conflicts',
  local: 'Local Changes',
  incoming: 'Incoming from Notion',
};

const WAITING: QueueRow['status'][] = ['pending', 'processing', 'error'];

export function scmEntries(input: ScmInput): ScmEntry[] {
  const out: ScmEntry[] = [];
  const taken = new Set<string>();
  const add = (e: ScmEntry) => {
    if (taken.has(e.path)) return;
    taken.add(e.path);
    out.push(e);
  };
  for (const c of input.conflicts) {
    if (c.resolvedAt !== null) continue;
    add({ group: 'conflicts', path: c.path, localId: c.localId, notionId: c.notionId, conflictId: c.id, letter: 'C', tooltip: `${c.path}: changed here and in Notion. Open it to merge the two versions.` });
  }
  for (const e of localEntries(input)) add(e);
  for (const e of incomingEntries(input)) add(e);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function localEntries(input: ScmInput): ScmEntry[] {
  const out: ScmEntry[] = [];
  const pushes = new Set(input.queue.filter((q) => q.operation === 'push' && WAITING.includes(q.status)).map((q) => q.localId));
  const next =
    input.mode === 'bidirectional'
      ? 'the next sync pushes it to Notion'
      : "publish mode keeps it here; Notion's version is unchanged. Discard Local Changes takes Notion's version back";
  for (const m of input.maps) {
    if (m.notionType !== 'page' || m.state === 'trashed' || m.state === 'conflict') continue;
    const modified = m.state === 'modified' || input.editedPaths.has(m.path) || pushes.has(m.localId);
    if (!modified) continue;
    const unpushable = input.mode === 'bidirectional' && input.partialPaths?.has(m.path);
    const why = unpushable ? 'a partial page (Notion could not render all of it) is never pushed' : next;
    out.push({ group: 'local', path: m.path, localId: m.localId, notionId: m.notionId, letter: 'M', tooltip: `${m.path}: modified locally; ${why}.` });
  }
  for (const q of input.queue) {
    const created = q.operation === 'push' && q.payload.create === true && typeof q.payload.path === 'string' && WAITING.includes(q.status);
    if (!created) continue;
    const p = q.payload.path as string;
    out.push({ group: 'local', path: p, localId: q.localId, notionId: null, letter: 'A', tooltip: `${p}: a new file; the next sync creates it as a Notion page.` });
  }
  return out;
}

function incomingEntries(input: ScmInput): ScmEntry[] {
  const byNotionId = new Map(input.maps.map((m) => [m.notionId, m]));
  const out: ScmEntry[] = [];
  for (const q of input.queue) {
    if (!q.notionId || !WAITING.includes(q.status) || q.operation === 'push' || q.operation === 'pull_root' || q.operation === 'insert') continue;
    const m = byNotionId.get(q.notionId);
    if (!m || m.notionType !== 'page' || m.state === 'trashed') continue;
    const deleted = q.operation === 'delete';
    out.push({
      group: 'incoming',
      path: m.path,
      localId: m.localId,
      notionId: m.notionId,
      letter: deleted ? 'D' : 'I',
      tooltip: deleted ? `${m.path}: deleted in Notion; the next Pull moves it to the trash folder.` : `${m.path}: changed in Notion; the next Pull brings the change.`,
    });
  }
  return out;
}

/** The SCM badge: what needs the person (conflicts and local changes), as git counts its changes. */
export function scmCount(entries: readonly ScmEntry[]): number {
  return entries.filter((e) => e.group !== 'incoming').length;
}
