// npx tsx bench/webhook.bench.ts [events] [concurrency] [documents]
// The webhook receiver end to end: signed deliveries over HTTP, each checked,
// deduplicated and durably queued (in the webhook journal, fsynced) before it
// is answered, on a real engine whose state holds a 10,000-document workspace.
// Notion's pace first (30 deliveries/s, sent on schedule whatever the answers
// take: latency p50/p99), then as fast as 8 senders go (throughput). Not a
// timed test.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { nullLogger } from '../src/sync/logger';
import { openEngine } from '../src/sync/engine/open';
import { createWebhookSink, VERIFICATION_TOKEN_KEY } from '../src/sync/engine/webhookSink';
import { normaliseSettings } from '../src/sync/settings';
import { WebhookReceiver } from '../src/sync/webhook/receiver';
import { emit, median, percentile } from './report';
import { fillWorkspace } from './stateFixture';

const EVENTS = Number(process.argv[2] ?? 2_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const DOCUMENTS = Number(process.argv[4] ?? 10_000);
const PACED_PER_SECOND = 30;
const PACED_SECONDS = 10;
const P99_GOAL_MS = 1_000;
const TOKEN = 'secret_bench_verification_token';

function delivery(i: number): string {
  const pageId = `${(i % 5000).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  return JSON.stringify({
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    workspace_id: '11111111-1111-4111-8111-111111111111',
    subscription_id: '22222222-2222-4222-8222-222222222222',
    integration_id: '33333333-3333-4333-8333-333333333333',
    type: 'page.content_updated',
    authors: [{ id: '44444444-4444-4444-8444-444444444444', type: 'person' }],
    entity: { id: pageId, type: 'page' },
    data: { parent: { id: '55555555-5555-4555-8555-555555555555', type: 'page' }, updated_blocks: [] },
  });
}

/** One signed delivery; resolves with its latency (ms) and whether it was answered 200. */
async function deliver(url: string, i: number): Promise<{ ms: number; ok: boolean }> {
  const body = delivery(i);
  const signature = `sha256=${createHmac('sha256', TOKEN).update(body).digest('hex')}`;
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-notion-signature': signature }, body });
  await res.arrayBuffer();
  return { ms: performance.now() - t, ok: res.status === 200 };
}

/** Notion's pace: a delivery every 1/30 s, sent on time whether or not earlier ones were answered. */
async function paced(url: string): Promise<{ latencies: number[]; refused: number }> {
  const sends: Promise<{ ms: number; ok: boolean }>[] = [];
  const started = performance.now();
  for (let i = 0; i < PACED_PER_SECOND * PACED_SECONDS; i++) {
    const due = started + (i * 1000) / PACED_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sends.push(deliver(url, i));
  }
  const results = await Promise.all(sends);
  return { latencies: results.map((r) => r.ms), refused: results.filter((r) => !r.ok).length };
}

/** As fast as CONCURRENCY senders go. */
async function flat(url: string): Promise<{ perSecond: number; refused: number }> {
  let next = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < EVENTS; i = next++) if (!(await deliver(url, 100_000 + i)).ok) refused++;
    }),
  );
  return { perSecond: EVENTS / ((performance.now() - started) / 1000), refused };
}

async function main(): Promise<void> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-webhook-'));
  const opened = await openEngine({ workspace, settings: normaliseSettings({}), token: 'bench', logger: nullLogger });
  fillWorkspace(opened.store, DOCUMENTS);
  await opened.store.flush();
  const secrets = new Map<string, string>([[VERIFICATION_TOKEN_KEY, TOKEN]]);
  const sink = createWebhookSink(
    opened.engine,
    { get: async (k) => secrets.get(k), set: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k) },
    () => {},
  );
  const receiver = new WebhookReceiver({ port: 0, sink, logger: nullLogger, maxConnectionsPerPeer: 64 });
  const { url } = await receiver.start();
  try {
    const pace = await paced(url);
    const burst = await flat(url);
    const p99 = percentile(pace.latencies, 99);
    console.log(`webhook: state of ${DOCUMENTS} documents; ${pace.latencies.length} deliveries at ${PACED_PER_SECOND}/s, then ${EVENTS} by ${CONCURRENCY} senders; queue now ${JSON.stringify(opened.store.queueCounts())}`);
    emit('webhook', [
      { label: `${PACED_PER_SECOND} deliveries/s: latency p50 (verify + dedupe + queue + journal)`, value: `${median(pace.latencies).toFixed(1)} ms` },
      { label: `${PACED_PER_SECOND} deliveries/s: latency p99`, value: `${p99.toFixed(1)} ms`, goal: `< ${P99_GOAL_MS} ms`, ratio: p99 / P99_GOAL_MS, ok: p99 < P99_GOAL_MS },
      { label: `deliveries acknowledged per second (${CONCURRENCY} senders)`, value: burst.perSecond.toFixed(0) },
      { label: 'deliveries refused', value: String(pace.refused + burst.refused), goal: '0', ok: pace.refused + burst.refused === 0 },
    ]);
  } finally {
    await receiver.stop();
    await opened.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
