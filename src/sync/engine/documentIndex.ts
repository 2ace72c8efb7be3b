// Keeps binder_documents in step with the workspace's markdown files. A rescan
// with nothing changed reads no file (size + mtime); files the engine cannot
// track come back as diagnostics, untouched.
//
// The scan's record of a changed file makes the next scan skip it, so the
// operation that change calls for (a push, a page for a new file: see
// localEdits.ts) must not be lost if the process dies before queuing it: the
// changed paths are recorded as unnoticed in the same transaction as the scan,
// and handed back by every scan until noticeLocalEdits has dealt with them.
import { describeText, scanWorkspace, type PreviousEntry, type ScanResult } from '../documents/scanner';
import type { Diagnostic } from '../documents/diagnostics';
import type { JsonObject } from '../store/types';
import { BACKUP_DIR, ENGINE_DIR } from '../settings';
import { sweepLeftoverTemps } from '../documents/leftovers';
import type { EngineContext } from './context';
import { notionLimitDiagnostics } from './pushChecks';
import { missingMediaDiagnostics } from './mediaProblems';
import type { WrittenStat } from './fileGuard';

export interface IndexResult {
  documents: number;
  changed: number;
  /** Workspace-relative paths whose content changed since the last scan. */
  changedPaths: string[];
  removed: number;
  diagnostics: Diagnostic[];
  ms: number;
}

/** notion_config key: paths a scan found changed that noticeLocalEdits has not dealt with yet. */
const UNNOTICED_KEY = 'scan.unnoticed';

/** Per state store: the diagnostics already logged, so a poll every 30 s does not repeat them. */
const warned = new WeakMap<object, Set<string>>();

/** Logs each diagnostic once while it lasts; one that goes away and comes back is logged again. */
function warnOnce(ctx: EngineContext, diagnostics: readonly Diagnostic[]): void {
  const before = warned.get(ctx.store) ?? new Set<string>();
  const now = new Set<string>();
  for (const d of diagnostics) {
    const line = `${d.path}${d.line ? `:${d.line}` : ''}: ${d.message}`;
    now.add(line);
    if (!before.has(line)) ctx.logger.warn(line);
  }
  warned.set(ctx.store, now);
}

export async function indexDocuments(ctx: EngineContext, signal?: AbortSignal): Promise<IndexResult> {
  const result = await scanWorkspace({
    root: ctx.workspace,
    include: ctx.settings.include,
    exclude: ctx.settings.exclude,
    skipDirs: ['node_modules', '.git', ENGINE_DIR],
    reportLinksUnder: [ctx.settings.folder],
    previous: previousScan(ctx),
    signal,
  });
  const changedPaths = withUnnoticed(ctx, result);
  const changed = storeScan(ctx, result, changedPaths);
  if (!ctx.dryRun && result.leftoverTemps.length) {
    const moved = await sweepLeftoverTemps({ root: ctx.workspace, paths: result.leftoverTemps, under: [ctx.settings.folder], destDir: `${BACKUP_DIR}/interrupted-writes`, now: ctx.now() });
    if (moved.length) ctx.logger.info(`moved ${moved.length} temp file(s) left by an interrupted write to ${BACKUP_DIR}/interrupted-writes`);
  }
  // Files edited locally (changed now, or still waiting to be pushed) are checked against what Notion can hold.
  const pending = new Set([...changedPaths, ...ctx.store.listMaps({ state: 'modified' }).map((m) => m.path)]);
  result.diagnostics.push(...(await notionLimitDiagnostics(ctx, [...pending])), ...(await missingMediaDiagnostics(ctx)));
  warnOnce(ctx, result.diagnostics);
  return {
    documents: result.documents.length,
    changed,
    changedPaths,
    removed: result.removed.length,
    diagnostics: result.diagnostics,
    ms: result.stats.ms,
  };
}

/** The paths this scan found changed, and those an interrupted run left unnoticed (still present). */
function withUnnoticed(ctx: EngineContext, result: ScanResult): string[] {
  const changed = result.documents.filter((d) => !d.unchanged).map((d) => d.path);
  const left = ctx.store.getConfig<string[]>(UNNOTICED_KEY) ?? [];
  if (left.length === 0) return changed;
  const present = new Set(result.documents.map((d) => d.path));
  return [...new Set([...changed, ...left.filter((p) => present.has(p))])];
}

/** Only a file in the sync folder or one with a mapping can call for an operation: the others are not recorded. */
function mayNeedNotice(ctx: EngineContext, rel: string): boolean {
  return rel.startsWith(`${ctx.settings.folder}/`) || ctx.store.getMapByPath(rel) !== undefined;
}

/** noticeLocalEdits dealt with `paths` (its operations are queued in this store): no later scan hands them back. */
export function markNoticed(ctx: EngineContext, paths: readonly string[]): void {
  const left = ctx.store.getConfig<string[]>(UNNOTICED_KEY);
  if (!left?.length || paths.length === 0) return;
  const done = new Set(paths);
  const rest = left.filter((p) => !done.has(p));
  if (rest.length === left.length) return;
  if (rest.length) ctx.store.setConfig(UNNOTICED_KEY, rest);
  else ctx.store.deleteConfig(UNNOTICED_KEY);
}

/** What the last scan saw, so unchanged files (same size and mtime) are not read again. */
function previousScan(ctx: EngineContext): Map<string, PreviousEntry> {
  const previous = new Map<string, PreviousEntry>();
  for (const d of ctx.store.listDocuments()) {
    if (d.contentHash === null) continue;
    previous.set(d.path, {
      id: d.id,
      size: d.size,
      mtimeMs: d.mtimeMs,
      contentHash: d.contentHash,
      title: d.title ?? undefined,
      frontmatter: d.frontmatter,
      notionId: d.notionId,
      recordedAt: d.scannedAt,
    });
  }
  return previous;
}

/**
 * A known file the scan could not read as a document (its frontmatter turned
 * invalid, say) keeps its row, and the row says why: the status model shows
 * the file as an error rather than as synced.
 */
function recordSkippedProblems(ctx: EngineContext, bad: ReadonlyMap<string, string[]>, listed: ReadonlySet<string>, now: number): void {
  for (const [path, messages] of bad) {
    if (listed.has(path)) continue;
    // A pulled file may have no row yet (the scan before the pull did not see it): its mapping's id names it.
    const id = ctx.store.getDocumentByPath(path)?.id ?? ctx.store.getMapByPath(path)?.localId;
    const before = id === undefined ? undefined : ctx.store.getDocument(id);
    if (id !== undefined && JSON.stringify(before?.diagnostics ?? []) !== JSON.stringify(messages)) ctx.store.upsertDocument({ id, path, diagnostics: messages, scannedAt: now });
  }
}

/**
 * Writes the scan into binder_documents in one transaction, with the changed
 * paths still to be noticed; returns how many rows changed.
 */
function storeScan(ctx: EngineContext, result: ScanResult, changedPaths: readonly string[]): number {
  let changed = 0;
  const now = ctx.now();
  const bad = new Map<string, string[]>();
  for (const d of result.diagnostics) bad.set(d.path, [...(bad.get(d.path) ?? []), d.message]);
  ctx.store.transaction(() => {
    for (const doc of result.documents) {
      if (doc.unchanged && !bad.has(doc.path)) continue;
      changed++;
      // A pulled file's id is `notion:<page id>`, the same as its mapping's local id.
      ctx.store.upsertDocument({
        id: doc.id,
        path: doc.path,
        title: doc.title,
        frontmatter: JSON.parse(JSON.stringify(doc.frontmatter)) as JsonObject,
        contentHash: doc.contentHash,
        size: doc.size,
        mtimeMs: doc.mtimeMs,
        notionId: doc.notionId,
        scannedAt: now,
        diagnostics: bad.get(doc.path) ?? [],
      });
    }
    recordSkippedProblems(ctx, bad, new Set(result.documents.map((d) => d.path)), now);
    for (const path of result.removed) {
      const row = ctx.store.getDocumentByPath(path);
      if (row) ctx.store.deleteDocument(row.id);
    }
    const unnoticed = changedPaths.filter((p) => mayNeedNotice(ctx, p));
    const before = ctx.store.getConfig<string[]>(UNNOTICED_KEY) ?? [];
    if (unnoticed.length) ctx.store.setConfig(UNNOTICED_KEY, unnoticed);
    else if (before.length) ctx.store.deleteConfig(UNNOTICED_KEY);
  });
  return changed;
}

/**
 * The engine just wrote `text` to `rel`: the index learns the file as written
 * (size and mtime from the written file's own handle), so the next scan skips
 * it instead of reading every file a pull wrote once more. Whole-second mtimes
 * are left to the scan, which re-reads them while they are recent (see the
 * scanner's coarseAndRecent). Keeps the id of a row already at that path.
 */
export function recordWrittenFile(ctx: EngineContext, localId: string, rel: string, text: string, st: WrittenStat): void {
  if (ctx.dryRun || st.mtimeMs % 1000 === 0) return;
  const described = describeText(text, rel);
  if (!described.ok) return;
  const existing = ctx.store.getDocumentByPath(rel);
  ctx.store.upsertDocument({
    id: existing?.id ?? localId,
    path: rel,
    title: described.title,
    frontmatter: JSON.parse(JSON.stringify(described.frontmatter)) as JsonObject,
    contentHash: described.contentHash,
    size: st.size,
    mtimeMs: st.mtimeMs,
    notionId: described.notionId,
    scannedAt: ctx.now(),
    diagnostics: [],
  });
}
