// The steps of a pull that sit between discovery and the queue: the mass-delete
// guard, queueing what discovery found, and the housekeeping once it is applied.
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import type { ChangeRecord, EngineContext } from './context';
import type { IndexResult } from './documentIndex';
import type { Candidate, DiscoveryResult } from './discovery';
import { LAST_SUCCESS_KEY } from './status';

/** Config key of the incremental discovery's cursor (Notion's latest edit time seen). */
export const CURSOR_KEY = 'pull.cursor';

export interface PullReport {
  dryRun: boolean;
  full: boolean;
  changes: ChangeRecord[];
  processed: number;
  failed: number;
  conflicts: number;
  /** Deletions held back by the mass-delete guard. */
  blockedDeletions: string[];
  index: IndexResult | null;
  ms: number;
}

/**
 * More deletions than the threshold go ahead only when the person confirms them
 * (a dry run never asks); otherwise they are held back, and reported.
 */
export async function guardMassDelete(
  ctx: EngineContext,
  deletions: MapRow[],
  confirm: ((paths: string[]) => Promise<boolean>) | undefined,
): Promise<{ deletions: MapRow[]; blocked: string[] }> {
  if (deletions.length <= ctx.settings.deleteThreshold) return { deletions, blocked: [] };
  const paths = deletions.map((d) => d.path);
  const ok = !ctx.dryRun && confirm ? await confirm(paths) : false;
  if (ok) return { deletions, blocked: [] };
  ctx.logger.warn(`${paths.length} file(s) would go to the trash (threshold ${ctx.settings.deleteThreshold}); held back until confirmed`);
  return { deletions: [], blocked: paths };
}

/** Queues what discovery found, durably (flushed), keeping the page objects it fetched for this run. */
export async function enqueueFound(ctx: EngineContext, found: DiscoveryResult, deletions: MapRow[], snapshots: Map<string, NotionPage>): Promise<void> {
  ctx.store.transaction(() => {
    for (const c of parentsFirst(found.candidates)) {
      if (c.snapshot) snapshots.set(c.id, c.snapshot);
      // The title lets the Queue view name a page that has no file yet.
      ctx.store.enqueue({ operation: 'update', notionId: c.id, source: 'poll', payload: c.snapshot ? { title: c.snapshot.title } : {} });
    }
    for (const d of deletions) ctx.store.enqueue({ operation: 'delete', notionId: d.notionId, source: 'poll', payload: { confirmed: true } });
  });
  await ctx.store.flush();
}

/**
 * Candidates with every parent found in the same discovery ahead of its
 * children (otherwise in discovery's order): the queue then pulls a parent
 * with the page object discovery fetched, rather than a child asking for it.
 */
export function parentsFirst(candidates: Candidate[]): Candidate[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const depth = new Map<string, number>();
  const depthOf = (c: Candidate, seen: number): number => {
    const known = depth.get(c.id);
    if (known !== undefined) return known;
    const parent = c.snapshot ? byId.get(c.snapshot.parent.id) : undefined;
    // A cycle (never in Notion, but the input is not ours) stops at the candidate count.
    const d = parent && seen < candidates.length ? depthOf(parent, seen + 1) + 1 : 0;
    depth.set(c.id, d);
    return d;
  };
  return candidates.map((c, i) => ({ c, i, d: depthOf(c, 0) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.c);
}

/** Records the outcome, trims history (the log and webhook dedupe need only recent days), and flushes. */
export async function finishPull(ctx: EngineContext, report: PullReport): Promise<void> {
  const { store } = ctx;
  if (report.failed === 0) store.setConfig(LAST_SUCCESS_KEY, ctx.now());
  // Notion retries a webhook delivery for about a day.
  store.pruneLog(30);
  store.pruneWebhookEvents(ctx.now() - 7 * 24 * 3600_000);
  store.cleanupProcessed(7);
  store.appendLog({
    level: report.failed ? 'warn' : 'info',
    operation: 'pull',
    message: `pull ${report.full ? '(full) ' : ''}done: ${report.changes.length} change(s), ${report.failed} failed, ${report.conflicts} conflict(s)`,
  });
  await store.flush();
}
