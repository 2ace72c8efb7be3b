// Webhook delivery from the emulator to a local receiver, signatures checked
// with the SDK's own verifyWebhookSignature.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, LogLevel, verifyWebhookSignature } from '@notionhq/client';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';

interface Received {
  raw: string;
  signature: string | undefined;
  json: Record<string, unknown>;
}

describe('emulator: webhooks', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;
  let notion: Client;
  let receiver: Server;
  let receiverUrl: string;
  let received: Received[] = [];
  /** Status codes to answer with, consumed one per delivery; 200 when empty. */
  let answers: number[] = [];

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    control = new EmulatorControl(emu.baseUrl);
    notion = new Client({ auth: 'secret_test', baseUrl: emu.baseUrl, logLevel: LogLevel.ERROR });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ raw, signature: req.headers['x-notion-signature'] as string | undefined, json: JSON.parse(raw) as Record<string, unknown> });
        res.statusCode = answers.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    await emu.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });
  beforeEach(async () => {
    await control.reset({ seed: 'demo' });
    for (const sub of (await (await fetch(`${emu.baseUrl}/__control/webhooks`)).json()) as Array<{ id: string }>) await control.removeWebhook(sub.id);
    received = [];
    answers = [];
  });

  const events = () => received.filter((r) => 'type' in r.json);

  it('sends a signed verification handshake, then signed Notion-shaped events', async () => {
    const sub = await control.addWebhook({ url: receiverUrl, aggregateMs: 50 });
    assert.match(sub.verificationToken, /^secret_/);
    await control.flushWebhooks();
    assert.equal(received.length, 1);
    assert.deepEqual(received[0].json, { verification_token: sub.verificationToken });
    assert.equal(await verifyWebhookSignature({ body: received[0].raw, signature: received[0].signature, verificationToken: sub.verificationToken }), true);

    const page = await notion.pages.create({ parent: { page_id: DEMO_IDS.rootPage }, properties: { title: { title: [{ text: { content: 'Hooked' } }] } } });
    await control.flushWebhooks();
    const [created] = events();
    assert.equal(created.json.type, 'page.created');
    for (const r of events()) {
      assert.equal(await verifyWebhookSignature({ body: r.raw, signature: r.signature, verificationToken: sub.verificationToken }), true);
      assert.equal(await verifyWebhookSignature({ body: `${r.raw} `, signature: r.signature, verificationToken: sub.verificationToken }), false);
    }
    const e = created.json;
    for (const key of ['id', 'timestamp', 'workspace_id', 'workspace_name', 'subscription_id', 'integration_id', 'type', 'authors', 'attempt_number', 'api_version', 'entity', 'data']) {
      assert.ok(key in e, `envelope has ${key}`);
    }
    assert.equal(e.subscription_id, sub.id);
    assert.equal(e.attempt_number, 1);
    assert.deepEqual(e.entity, { id: page.id, type: 'page' });
    assert.deepEqual(e.data, { parent: { id: DEMO_IDS.rootPage, type: 'page' } });
    assert.deepEqual(e.authors, [{ id: DEMO_IDS.botUser, type: 'bot' }]);
  });

  it('aggregates rapid edits of one page into one event with every author', async () => {
    await control.addWebhook({ url: receiverUrl, aggregateMs: 5_000, events: ['page.properties_updated', 'page.content_updated'] });
    await control.flushWebhooks();
    received = [];
    const row = (await notion.dataSources.query({ data_source_id: DEMO_IDS.tasksDataSource, page_size: 1 })).results[0];
    await control.editPage(row.id, { properties: { Estimate: 20 } });
    await control.editPage(row.id, { properties: { Done: true } });
    await notion.pages.update({ page_id: row.id, properties: { Estimate: { number: 21 } } });
    await control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'first' });
    await control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'second' });
    await control.flushWebhooks();
    const evs = events().map((r) => r.json);
    assert.equal(evs.length, 2, JSON.stringify(evs.map((e) => e.type)));
    const props = evs.find((e) => e.type === 'page.properties_updated')!;
    assert.deepEqual(props.entity, { id: row.id, type: 'page' });
    const data = props.data as { parent: { type: string; data_source_id: string }; updated_properties: string[] };
    assert.equal(data.parent.type, 'database');
    assert.equal(data.parent.data_source_id, DEMO_IDS.tasksDataSource);
    assert.equal(data.updated_properties.length, 2, 'Estimate and Done, each once');
    assert.deepEqual((props.authors as Array<{ id: string }>).map((a) => a.id).sort(), [DEMO_IDS.adaUser, DEMO_IDS.botUser].sort());
    const content = evs.find((e) => e.type === 'page.content_updated')!;
    assert.equal((content.entity as { id: string }).id, DEMO_IDS.localSetupPage);
    assert.equal((content.data as { updated_blocks: unknown[] }).updated_blocks.length, 2);
  });

  it('emits created, moved, deleted, undeleted and data source events', async () => {
    await control.addWebhook({ url: receiverUrl, aggregateMs: 10 });
    await control.flushWebhooks();
    received = [];
    const row = await control.createPage({ parentId: DEMO_IDS.tasksDataSource, title: 'Evented' });
    await control.flushWebhooks();
    await control.movePage(DEMO_IDS.localSetupPage, DEMO_IDS.engineeringPage);
    await control.flushWebhooks();
    await control.trashPage(row.id);
    await control.flushWebhooks();
    await control.restorePage(row.id);
    await control.flushWebhooks();
    await notion.dataSources.update({ data_source_id: DEMO_IDS.docsDataSource, properties: { Owner: { people: {} } } });
    await control.flushWebhooks();
    const types = events().map((r) => `${String(r.json.type)}:${String((r.json.entity as { id: string }).id)}`);
    for (const expected of [
      `page.created:${row.id}`,
      `data_source.content_updated:${DEMO_IDS.tasksDataSource}`,
      `page.moved:${DEMO_IDS.localSetupPage}`,
      `page.deleted:${row.id}`,
      `page.undeleted:${row.id}`,
      `data_source.schema_updated:${DEMO_IDS.docsDataSource}`,
    ]) {
      assert.ok(types.includes(expected), `missing ${expected} in ${types.join(', ')}`);
    }
    const dsEvent = events().find((r) => r.json.type === 'data_source.content_updated')!.json;
    assert.deepEqual((dsEvent.data as { parent: unknown }).parent, { id: DEMO_IDS.tasksDatabase, type: 'database' });
    const moved = events().find((r) => r.json.type === 'page.moved')!.json;
    assert.deepEqual((moved.data as { parent: unknown }).parent, { id: DEMO_IDS.engineeringPage, type: 'page' });
  });

  it('retries failed deliveries with a growing attempt_number', async () => {
    const sub = await control.addWebhook({ url: receiverUrl, aggregateMs: 10, retryDelayMs: 20, maxAttempts: 3, events: ['page.properties_updated'] });
    await control.flushWebhooks();
    received = [];
    answers = [500, 503];
    await control.editPage(DEMO_IDS.localSetupPage, { title: 'Setup' });
    await control.flushWebhooks();
    const props = events().filter((r) => r.json.type === 'page.properties_updated');
    assert.deepEqual(props.map((r) => r.json.attempt_number), [1, 2, 3]);
    assert.equal(new Set(props.map((r) => r.json.id)).size, 1, 'retries keep the event id');
    for (const r of props) assert.ok(await verifyWebhookSignature({ body: r.raw, signature: r.signature, verificationToken: sub.verificationToken }));
    const deliveries = await control.webhookDeliveries();
    assert.ok(deliveries.some((d) => d.status === 500));
  });

  it('can duplicate and reorder deliveries', async () => {
    await control.addWebhook({ url: receiverUrl, aggregateMs: 60_000, duplicate: true, reorder: true, events: ['page.properties_updated'] });
    await control.flushWebhooks();
    received = [];
    await control.editPage(DEMO_IDS.localSetupPage, { title: 'A' });
    await control.editPage(DEMO_IDS.architecturePage, { title: 'B' });
    await control.flushWebhooks();
    const evs = events().map((r) => r.json);
    assert.equal(evs.length, 4);
    const ids = evs.map((e) => e.id);
    assert.equal(new Set(ids).size, 2, 'each event twice, with the same id');
    const entityOrder = [...new Set(evs.map((e) => (e.entity as { id: string }).id))];
    assert.deepEqual(entityOrder, [DEMO_IDS.architecturePage, DEMO_IDS.localSetupPage], 'later edit delivered first');
  });
});
