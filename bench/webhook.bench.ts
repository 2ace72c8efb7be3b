// npx tsx bench/webhook.bench.ts [events] [concurrency]
// The webhook receiver end to end: signed deliveries over HTTP, each checked,
// deduplicated and durably queued (state database written and flushed) before
// it is answered. Throughput and latency percentiles, on a real engine and
// state file. Not a timed test.
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

const EVENTS = Number(process.argv[2] ?? 2_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
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

async function main(): Promise<void> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-webhook-'));
  const opened = await openEngine({ workspace, settings: normaliseSettings({}), token: 'bench', logger: nullLogger });
  const secrets = new Map<string, string>([[VERIFICATION_TOKEN_KEY, TOKEN]]);
  const sink = createWebhookSink(
    opened.engine,
    { get: async (k) => secrets.get(k), set: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k) },
    () => {},
  );
  const receiver = new WebhookReceiver({ port: 0, sink, logger: nullLogger, maxConnectionsPerPeer: 64 });
  const { url } = await receiver.start();
  try {
    const latencies: number[] = [];
    let next = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < EVENTS; i = next++) {
          const body = delivery(i);
          const signature = `sha256=${createHmac('sha256', TOKEN).update(body).digest('hex')}`;
          const t = performance.now();
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-notion-signature': signature }, body });
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          if (res.status !== 200) refused++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const queued = opened.store.queueCounts();
    const perSecond = EVENTS / seconds;
    const p99 = percentile(latencies, 99);
    console.log(`webhook: ${EVENTS} signed deliveries, ${CONCURRENCY} at a time; queue now ${JSON.stringify(queued)}`);
    emit('webhook', [
      // No goal from the issue: each delivery is answered only after the state file is flushed, which bounds this.
      { label: 'deliveries acknowledged per second', value: perSecond.toFixed(0) },
      { label: 'latency p50 (verify + dedupe + queue + flush)', value: `${median(latencies).toFixed(1)} ms` },
      { label: 'latency p99', value: `${p99.toFixed(1)} ms` },
      { label: 'deliveries refused', value: String(refused), goal: '0', ok: refused === 0 },
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
