// npx tsx bench/store.bench.ts [documents]
// Times the state database: queue throughput (enqueue, claimDue, markSucceeded),
// the flush of a workspace-sized database (default 10,000 documents with their
// mappings) and opening it again. Medians of several runs: the machine is shared.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStateStore, type StateStore } from '../src/sync/store';
import { emit, median } from './report';
import { fillWorkspace } from './stateFixture';

const DOCS = Number(process.argv[2] ?? 10_000);
// Budgets. A flush's export runs on the extension host's thread, so it must stay
// far below a frame-dropping pause; the whole flush (with fsync) under 100 ms.
const FLUSH_LIMIT_MS = 100;
const EXPORT_LIMIT_MS = 50;
const OPEN_LIMIT_MS = 500;
// Notion allows ~3 requests/s, so the queue is never the bottleneck; this keeps
// a burst of 5,000 webhook/poll events under a second of extension-host time.
const QUEUE_MIN_OPS_PER_S = 5_000;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function line(label: string, value: string, limit?: string, ratio?: number): void {
  const verdict = ratio === undefined ? '' : `  ${ratio.toFixed(2)}× of limit ${ratio <= 1 ? 'OK' : 'OVER'}`;
  console.log(`${label.padEnd(44)} ${value.padStart(14)}${limit ? `   (limit ${limit})` : ''}${verdict}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ns-store-bench-'));
  const file = path.join(dir, 'state.sqlite');
  try {
    console.log(`state store bench: ${DOCS} documents + mappings, node ${process.version}\n`);

    // A workspace-sized database on disk.
    global.gc?.();
    const heapBefore = process.memoryUsage();
    const store = await openStateStore({ path: file, flushDelayMs: 60_000 });
    const [, fillMs] = time(() => fillWorkspace(store, DOCS));
    global.gc?.();
    const heapAfter = process.memoryUsage();
    // sql.js keeps the database in wasm memory (counted in arrayBuffers/rss, not the JS heap).
    const memoryMb = (heapAfter.rss - heapBefore.rss) / 1024 / 1024;
    line(`insert ${DOCS} documents + mappings (1 tx)`, `${fillMs.toFixed(0)} ms`);
    await store.flush();
    const flushes: number[] = [];
    for (let i = 0; i < 7; i++) {
      store.setMapState(`doc-${i}`, 'modified');
      flushes.push(await timeAsync(() => store.flush()));
    }
    const size = statSync(file).size;
    line('database file size', `${(size / 1024 / 1024).toFixed(2)} MB`);
    // The synchronous part of a flush (sql.js export) is what can stall the thread.
    const exports: number[] = [];
    for (let i = 0; i < 7; i++) {
      store.setMapState(`doc-${i}`, 'synced');
      const t = performance.now();
      (store as unknown as { ctx: { db: { export(): Uint8Array } } }).ctx.db.export();
      exports.push(performance.now() - t);
    }
    const flushMs = median(flushes);
    const exportMs = median(exports);
    line('flush, median of 7 (export+write+fsync+rename)', `${flushMs.toFixed(1)} ms`, `${FLUSH_LIMIT_MS} ms`, flushMs / FLUSH_LIMIT_MS);
    line('  of which blocking export, median of 7', `${exportMs.toFixed(1)} ms`, `${EXPORT_LIMIT_MS} ms`, exportMs / EXPORT_LIMIT_MS);
    const [, lookupMs] = time(() => {
      for (let i = 0; i < 1000; i++) {
        store.getMapByPath(`notion/area-${i % 10}/folder-${Math.floor(i / 100)}/page-${i}.md`);
        store.getDocument(`doc-${i}`);
      }
    });
    line('lookup by path + by id', `${((lookupMs / 2000) * 1000).toFixed(1)} µs each`);
    await store.close();

    // Queue throughput (memory store: measures the SQL, not the disk).
    const q = await openStateStore({});
    const N = 10_000;
    const [, enqMs] = time(() => {
      for (let i = 0; i < N; i++) q.enqueue({ operation: 'update', notionId: `p${i}`, payload: { i } });
    });
    const [, coalesceMs] = time(() => {
      for (let i = 0; i < N; i++) q.enqueue({ operation: 'update', notionId: `p${i % 100}`, payload: { again: i } });
    });
    const [, bulkMs] = time(() =>
      q.transaction(() => {
        for (let i = 0; i < N; i++) q.enqueue({ operation: 'move', notionId: `p${i}`, payload: { i } });
      }),
    );
    let claimed = 0;
    const [, claimMs] = time(() => {
      for (;;) {
        const batch = q.claimDue(50);
        if (batch.length === 0) break;
        claimed += batch.length;
      }
    });
    const ids = q.getQueue({ status: 'processing' }).map((r) => r.id);
    const [, succeedMs] = time(() => {
      for (const id of ids) q.markSucceeded(id);
    });
    await q.close();
    const rate = (ops: number, ms: number) => (ops / ms) * 1000;
    line('enqueue (new rows)', `${Math.round(rate(N, enqMs))} ops/s`, `≥ ${QUEUE_MIN_OPS_PER_S}`, QUEUE_MIN_OPS_PER_S / rate(N, enqMs));
    line('enqueue (coalesced into existing rows)', `${Math.round(rate(N, coalesceMs))} ops/s`, `≥ ${QUEUE_MIN_OPS_PER_S}`, QUEUE_MIN_OPS_PER_S / rate(N, coalesceMs));
    line('enqueue, 10k in one transaction (bulk)', `${Math.round(rate(N, bulkMs))} ops/s`, `≥ ${QUEUE_MIN_OPS_PER_S}`, QUEUE_MIN_OPS_PER_S / rate(N, bulkMs));
    line('claimDue (batches of 50)', `${Math.round(rate(claimed, claimMs))} rows/s`, `≥ ${QUEUE_MIN_OPS_PER_S}`, QUEUE_MIN_OPS_PER_S / rate(claimed, claimMs));
    line('markSucceeded', `${Math.round(rate(ids.length, succeedMs))} ops/s`, `≥ ${QUEUE_MIN_OPS_PER_S}`, QUEUE_MIN_OPS_PER_S / rate(ids.length, succeedMs));

    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      let reopened: StateStore | undefined;
      opens.push(await timeAsync(async () => (reopened = await openStateStore({ path: file }))));
      await reopened?.close();
    }
    const openMs = median(opens);
    line(`open (read + quick_check), median of 5`, `${openMs.toFixed(1)} ms`, `${OPEN_LIMIT_MS} ms`, openMs / OPEN_LIMIT_MS);
    line(`memory held for ${DOCS} documents (rss growth)`, `${memoryMb.toFixed(1)} MB`);
    const over = [flushMs / FLUSH_LIMIT_MS, exportMs / EXPORT_LIMIT_MS, openMs / OPEN_LIMIT_MS].some((r) => r > 1);
    emit('store', [
      { label: `flush at ${DOCS} documents (median of 7)`, value: `${flushMs.toFixed(1)} ms`, goal: `< ${FLUSH_LIMIT_MS} ms`, ratio: flushMs / FLUSH_LIMIT_MS, ok: flushMs < FLUSH_LIMIT_MS },
      { label: '  of which blocking export', value: `${exportMs.toFixed(1)} ms`, goal: `< ${EXPORT_LIMIT_MS} ms`, ratio: exportMs / EXPORT_LIMIT_MS, ok: exportMs < EXPORT_LIMIT_MS },
      { label: `open at ${DOCS} documents (median of 5)`, value: `${openMs.toFixed(1)} ms`, goal: `< ${OPEN_LIMIT_MS} ms`, ratio: openMs / OPEN_LIMIT_MS, ok: openMs < OPEN_LIMIT_MS },
      { label: `memory at ${DOCS} documents (rss growth)`, value: `${memoryMb.toFixed(1)} MB (state file ${(size / 1024 / 1024).toFixed(1)} MB)` },
    ]);
    console.log(over ? '\nRESULT: over a limit' : '\nRESULT: all within limits');
    process.exitCode = over ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
