// Links follow the pages they point at. When a run moved or renamed files
// (Notion renamed or moved a page, or the user renamed or moved a synced file)
// or sent them to the trash, the relative links to them in every other synced
// file are rewritten in the same run: to the new path, or to the page's Notion
// URL when it left the synced pages. Only the link destinations change, in the
// stored base and in the file alike, so a local edit not yet pushed is kept as
// it is (a link-only change merged into it) and nothing is pushed: Notion's
// side names pages by id, which did not change.
import path from 'node:path';
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import { retargetLinks } from '../markdown/linkTargets';
import type { MapPath, MapRow } from '../store/types';
import type { ChangeRecord, EngineContext } from './context';
import { replaceIfUnchanged } from './fileGuard';
import { relativeLink, splitTarget } from './pageLinks';
import { notionPageUrl } from '../markdown/toNotion';
import { fileHash } from './render';

function livePath(m: MapPath | undefined): string | null {
  return m && m.state !== 'trashed' && m.path !== '' ? m.path : null;
}

/**
 * Every path each synced node held during a run: where it was at the start,
 * where a local rename took it, where Notion moved it. A file's links were
 * written against one of these.
 */
export class PathHistory {
  /** Path → the node that held it. */
  readonly idAt = new Map<string, string>();
  /** Node → every path it held, first the one at the start. */
  readonly pathsOf = new Map<string, string[]>();

  constructor(private readonly ctx: EngineContext) {
    this.noteAll();
  }

  note(notionId: string, p: string): void {
    if (p === '') return;
    this.idAt.set(p, notionId);
    const paths = this.pathsOf.get(notionId) ?? [];
    if (!paths.includes(p)) this.pathsOf.set(notionId, [...paths, p]);
  }

  /** Records where every node is now. */
  noteAll(): void {
    for (const m of this.ctx.store.listMapPaths()) {
      const p = livePath(m);
      if (p !== null) this.note(m.notionId, p);
    }
  }

  /** Nodes that held a path they no longer hold (moved, renamed, trashed). */
  moved(): Array<{ id: string; paths: string[] }> {
    const out: Array<{ id: string; paths: string[] }> = [];
    const current = new Map(this.ctx.store.listMapPaths().map((m) => [m.notionId, m]));
    for (const [id, paths] of this.pathsOf) {
      const now = livePath(current.get(id));
      const gone = paths.filter((p) => p !== now);
      if (gone.length) out.push({ id, paths: gone });
    }
    return out;
  }
}

/** Text a file must hold to link to one of `paths` (its base name, raw or escaped). */
function needles(paths: string[]): string[] {
  const names = paths.map((p) => path.posix.basename(p));
  return [...new Set(names.flatMap((n) => [n, encodeURI(n), encodeURIComponent(n)]))];
}

/** How a file's relative links are read: against where it is now, and where it and its targets were during the run. */
class Retargeter {
  constructor(
    private readonly ctx: EngineContext,
    private readonly history: PathHistory,
    private readonly map: MapRow,
  ) {}

  private idNow(p: string): string | null {
    const m = this.ctx.store.getMapByPath(p);
    return livePath(m) === p ? m!.notionId : null;
  }

  /** The new destination of `url`, or null to leave it. */
  retarget(url: string): string | null {
    const parts = splitTarget(url);
    if (!parts) return null;
    const at = (file: string) => path.posix.normalize(path.posix.join(path.posix.dirname(file), parts.path));
    // A link that leads to a synced file where it stands is left as the user wrote it.
    if (this.idNow(at(this.map.path))) return null;
    const froms = [this.map.path, ...(this.history.pathsOf.get(this.map.notionId) ?? [])];
    const id = froms.map((f) => this.history.idAt.get(at(f)) ?? this.idNow(at(f))).find((x) => x) ?? null;
    if (!id) return null;
    const to = livePath(this.ctx.store.getMapByNotionId(id));
    const fragment = parts.fragment ? `#${parts.fragment}` : '';
    if (to !== null) return relativeLink(this.map.path, to) + fragment;
    // Left the synced pages: the link leads to Notion (a block anchor kept, a heading slug has no meaning there).
    return notionPageUrl(id) + (/^[0-9a-f]{32}$/i.test(parts.fragment) ? fragment : '');
  }
}

function retargetFile(text: string, relPath: string, r: Retargeter): string {
  const doc = parseDocument(text, relPath);
  if (!doc.ok || !text.endsWith(doc.body)) return text;
  const body = retargetLinks(doc.body, (u) => r.retarget(u));
  return body === doc.body ? text : text.slice(0, text.length - doc.body.length) + body;
}

async function followIn(ctx: EngineContext, history: PathHistory, map: MapRow): Promise<boolean> {
  const base = ctx.store.getBase(map.localId);
  if (!base) return false;
  const r = new Retargeter(ctx, history, map);
  const nextBase = retargetFile(base.content, map.path, r);
  const local = await readWorkspaceText(ctx.workspace, map.path).catch(() => null);
  if (local === null || nextBase === base.content) return false;
  const nextLocal = local === base.content ? nextBase : retargetFile(local, map.path, r);
  if (nextLocal !== local && (await replaceIfUnchanged(ctx.workspace, map.path, local, nextLocal)) !== 'written') return false;
  const localHash = fileHash(local);
  // The file as we last settled it follows the links too; an unpushed edit stays an edit.
  const settled = map.localHash === localHash ? fileHash(nextLocal) : map.localHash === fileHash(base.content) ? fileHash(nextBase) : map.localHash;
  // Notion's side rendered now: only when the base was Notion's side (not a merge waiting to be pushed).
  const remote = map.remoteHash === fileHash(base.content) ? fileHash(nextBase) : map.remoteHash;
  ctx.store.transaction(() => {
    ctx.store.setBase(map.localId, nextBase, fileHash(nextBase));
    ctx.store.upsertMap({ localId: map.localId, remoteHash: remote, localHash: settled });
  });
  return true;
}

/** Rewrites links to nodes that moved during the run in every synced page file. Returns how many files changed. */
export async function followMoves(ctx: EngineContext, history: PathHistory, report?: (change: ChangeRecord) => void): Promise<number> {
  if (ctx.dryRun) return 0;
  const moved = history.moved();
  if (moved.length === 0) return 0;
  const movedIds = new Set(moved.map((m) => m.id));
  const find = needles(moved.flatMap((m) => m.paths));
  let n = 0;
  for (const map of ctx.store.listMaps()) {
    if (map.notionType !== 'page' || livePath(map) === null) continue;
    const base = ctx.store.getBase(map.localId);
    if (!base || (!movedIds.has(map.notionId) && !find.some((s) => base.content.includes(s)))) continue;
    if (!(await followIn(ctx, history, map))) continue;
    n++;
    report?.({ action: 'update', path: map.path, notionId: map.notionId, detail: 'links follow a moved page' });
  }
  if (n) ctx.store.appendLog({ level: 'info', operation: 'relink', message: `${n} file(s): links follow moved or renamed pages` });
  return n;
}
