// Webhooks end to end: the emulator signs and delivers events, the real
// receiver verifies them, the engine's sink queues each event once, and the
// queue processor brings the file up to date.
import assert from 'node:assert/strict';
import { signWebhookPayload } from '@notionhq/client';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createWebhookSink, type SecretSource } from '../../src/sync/engine/webhookSink';
import { WebhookReceiver } from '../../src/sync/webhook/receiver';
import { DEMO_IDS, readText, startHarness, waitFor, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';

function memorySecrets(): SecretSource & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (k) => values.get(k),
    set: async (k, v) => void values.set(k, v),
    delete: async (k) => void values.delete(k),
  };
}

describe('engine: webhooks (emulator → receiver → queue)', function () {
  this.timeout(60_000);
  let h: Harness;
  let receiver: WebhookReceiver | undefined;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await receiver?.stop();
    receiver = undefined;
    await h.close();
  });

  async function setUp(opts: { duplicate?: boolean; reorder?: boolean } = {}) {
    const opened = await h.open();
    await opened.engine.pull();
    const secrets = memorySecrets();
    let queued = 0;
    receiver = new WebhookReceiver({ port: 0, sink: createWebhookSink(opened.engine, secrets, () => queued++) });
    const { url } = await receiver.start();
    const sub = await h.control.addWebhook({ url, aggregateMs: 20, retryDelayMs: 20, ...opts });
    await waitFor('the verification token', () => secrets.values.size > 0);
    assert.equal([...secrets.values.values()][0], sub.verificationToken);
    return { ...opened, secrets, url, token: sub.verificationToken, queuedCount: () => queued };
  }

  it('a remote edit arrives by webhook and is applied by the queue', async () => {
    const { engine, store } = await setUp();
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'Delivered by webhook.\n' });
    await h.control.flushWebhooks();
    await waitFor('the event to be queued', () => store.queueCounts().pending > 0);
    const r = await engine.processQueue();
    assert.equal(r.failed, 0);
    assert.match(await readText(h.workspace, `${ROOT}/Getting Started/Local Setup.md`), /Delivered by webhook\./);
    assert.ok(store.listLog({ limit: 50 }).some((l) => /webhook page\.content_updated queued/.test(l.message)));
  });

  it('queues an event once even when it is delivered three times', async () => {
    const { store, url, token } = await setUp();
    const event = {
      id: 'evt-dup-1',
      timestamp: new Date().toISOString(),
      workspace_id: 'ws',
      subscription_id: 'sub',
      integration_id: 'int',
      type: 'page.content_updated',
      authors: [{ id: DEMO_IDS.adaUser, type: 'person' }],
      attempt_number: 1,
      api_version: '2025-09-03',
      entity: { id: DEMO_IDS.engineeringPage, type: 'page' },
      data: { parent: { id: DEMO_IDS.rootPage, type: 'page' }, updated_blocks: [] },
    };
    const body = JSON.stringify(event);
    const signature = await signWebhookPayload({ body, verificationToken: token });
    const results: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-notion-signature': signature }, body });
      assert.equal(res.status, 200);
      results.push(((await res.json()) as { result: string }).result);
    }
    assert.deepEqual(results, ['queued', 'duplicate', 'duplicate']);
    const rows = store.getQueue({ status: 'pending' }).filter((r) => r.source === 'webhook');
    assert.equal(rows.length, 1);
    // A bad signature queues nothing.
    const bad = await fetch(url, { method: 'POST', headers: { 'x-notion-signature': signature }, body: body.replace('evt-dup-1', 'evt-dup-2') });
    assert.equal(bad.status, 401);
    assert.equal(store.getQueue({ status: 'pending' }).filter((r) => r.source === 'webhook').length, 1);
  });

  it('duplicated and reordered deliveries (move, then delete) end in the right state', async () => {
    const { engine, store } = await setUp({ duplicate: true, reorder: true });
    await h.control.movePage(DEMO_IDS.architecturePage, DEMO_IDS.rootPage);
    await h.control.trashPage(DEMO_IDS.localSetupPage);
    await h.control.flushWebhooks();
    await waitFor('events queued', () => store.queueCounts().pending >= 2);
    const r = await engine.processQueue();
    assert.equal(r.failed, 0);
    assert.ok(existsSync(path.join(h.workspace, `${ROOT}/Architecture.md`)), 'moved');
    assert.ok(!existsSync(path.join(h.workspace, `${ROOT}/Engineering/Architecture.md`)));
    assert.ok(!existsSync(path.join(h.workspace, `${ROOT}/Getting Started/Local Setup.md`)), 'trashed');
    // Replaying the same ids changes nothing.
    const again = await engine.processQueue();
    assert.equal(again.processed, 0);
  });

  it('the status endpoint reports queue health as JSON', async () => {
    const { url } = await setUp();
    const res = await fetch(url.replace('/webhook', '/status'));
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    for (const key of ['pending', 'processing', 'errors', 'dead', 'conflicts', 'lastSync']) assert.ok(key in body, key);
  });
});
