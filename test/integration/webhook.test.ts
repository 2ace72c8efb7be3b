// Real HTTP against the real receiver on a free port. The sink is a small
// in-memory stand-in for the engine's durable one (which its own tests cover);
// signatures come from @notionhq/client's own signWebhookPayload.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { signWebhookPayload } from '@notionhq/client';
import { MemoryLogger } from '../../src/sync/logger';
import { STATUS_PATH, WEBHOOK_PATH, WebhookReceiver } from '../../src/sync/webhook/receiver';
import { event, MemorySink, portOf, request, signed, TOKEN } from './support/webhookClient';
describe('webhook receiver over HTTP', () => {
  let sink: MemorySink;
  let log: MemoryLogger;
  let receiver: WebhookReceiver;
  let port: number;

  beforeEach(async () => {
    sink = new MemorySink();
    sink.token = TOKEN;
    log = new MemoryLogger();
    receiver = new WebhookReceiver({ port: 0, sink, logger: log, maxBodyBytes: 64 * 1024 });
    const { url } = await receiver.start();
    port = portOf(receiver);
    assert.equal(url, `http://127.0.0.1:${port}${WEBHOOK_PATH}`);
  });

  afterEach(async () => {
    await receiver.stop();
    // The token never reaches the log, whatever happened in the test.
    assert.ok(!log.lines.some((l) => l.includes(TOKEN) || l.includes('secret_')), log.lines.join('\n'));
  });

  it('queues a signed event once although Notion delivers it three times', async () => {
    const base = event('page.content_updated');
    const results: unknown[] = [];
    for (const attempt of [1, 2, 3]) {
      // Retries carry a new attempt_number, so new bytes and a new signature.
      const body = JSON.stringify({ ...base, attempt_number: attempt });
      const reply = await request(port, { body, headers: await signed(body) });
      assert.equal(reply.status, 200, reply.text);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      results.push(reply.json);
    }
    assert.deepEqual(results, [
      { ok: true, result: 'queued' },
      { ok: true, result: 'duplicate' },
      { ok: true, result: 'duplicate' },
    ]);
    assert.equal(sink.queued.length, 1);
    assert.deepEqual(sink.queued[0].operation, {
      operation: 'update',
      notionId: '1a2b3c4d-0000-4000-8000-00000000a001',
      payload: { eventId: base.id, eventType: 'page.content_updated', timestamp: '2026-11-24T10:15:30.000Z', parentId: '1a2b3c4d-0000-4000-8000-00000000b002' },
    });
  });

  it('acknowledges events that need no sync as ignored, passing a null operation', async () => {
    const body = JSON.stringify(event('comment.created', { entity: { id: 'c0c0c0c0-0000-4000-8000-000000000001', type: 'comment' } }));
    const reply = await request(port, { body, headers: await signed(body) });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json, { ok: true, result: 'ignored' });
    assert.equal(sink.calls.length, 1);
    assert.equal(sink.calls[0].operation, null);
    assert.equal(sink.queued.length, 0);
    assert.ok(log.lines.some((l) => l.startsWith('[debug]') && l.includes('comment.created') && l.includes('needs no sync')));
  });

  it('refuses a wrong signature with 401 and accepts nothing', async () => {
    const body = JSON.stringify(event());
    for (const signature of [
      await signWebhookPayload({ body, verificationToken: 'secret_someoneElsesToken000000' }),
      await signWebhookPayload({ body: body + ' ', verificationToken: TOKEN }),
      'sha256=' + '0'.repeat(64),
      'sha256=nothex',
      (await signWebhookPayload({ body, verificationToken: TOKEN })).slice('sha256='.length),
    ]) {
      const reply = await request(port, { body, headers: { 'content-type': 'application/json', 'x-notion-signature': signature } });
      assert.equal(reply.status, 401, signature);
      assert.deepEqual(reply.json, { ok: false, error: 'invalid X-Notion-Signature' });
    }
    assert.equal(sink.calls.length, 0);
    // A stranger hammering the URL gets one warning, the rest at debug.
    const refusals = log.lines.filter((l) => l.includes('X-Notion-Signature'));
    assert.equal(refusals.filter((l) => l.startsWith('[warn]')).length, 1);
    assert.equal(refusals.filter((l) => l.startsWith('[debug]')).length, 4);
  });

  it('refuses a missing signature with 401', async () => {
    const body = JSON.stringify(event());
    const reply = await request(port, { body, headers: { 'content-type': 'application/json' } });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.json, { ok: false, error: 'missing X-Notion-Signature' });
    assert.equal(sink.calls.length, 0);
  });

  it('answers 400 for signed malformed JSON, invalid UTF-8 and non-events', async () => {
    for (const body of ['{"id": "x", ', '', 'null', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) {
      const reply = await request(port, { body, headers: await signed(body) });
      assert.equal(reply.status, 400, String(body));
    }
    const notEvent = JSON.stringify({ ...event(), timestamp: 'soon' });
    const reply = await request(port, { body: notEvent, headers: await signed(notEvent) });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.json, { ok: false, error: 'invalid webhook event: $.timestamp must be an ISO 8601 date-time' });
    assert.equal(sink.calls.length, 0);
  });

  it('checks the signature before looking at the JSON (no parse errors for strangers)', async () => {
    const reply = await request(port, { body: '{not json', headers: { 'x-notion-signature': 'sha256=' + 'a'.repeat(64) } });
    assert.equal(reply.status, 401);
  });

  it('answers 413 to an oversized body, declared or chunked, without accepting it', async () => {
    const big = JSON.stringify({ ...event(), data: { padding: 'x'.repeat(70 * 1024) } });
    const declared = await request(port, { body: big, headers: await signed(big) });
    assert.equal(declared.status, 413);
    assert.equal(declared.headers.connection, 'close');
    assert.deepEqual(declared.json, { ok: false, error: 'body larger than 65536 bytes' });

    // No Content-Length: the cap applies while reading.
    const buf = Buffer.from(big);
    const chunks = [buf.subarray(0, 30_000), buf.subarray(30_000, 60_000), buf.subarray(60_000)];
    const chunked = await request(port, { chunks, headers: await signed(big) });
    assert.equal(chunked.status, 413);
    assert.equal(sink.calls.length, 0);

    // The receiver still serves normal requests afterwards.
    const body = JSON.stringify(event());
    assert.equal((await request(port, { body, headers: await signed(body) })).status, 200);
  });

  it('verifies the raw bytes: a body split across chunks, with odd key order and whitespace', async () => {
    const e = event('page.moved');
    const pretty = `{\n  "type" : "page.moved",\r\n\t"entity": ${JSON.stringify(e.entity, null, 3)},\n "id":"${e.id}",  "timestamp":"${e.timestamp}" ,"data":{"parent":{"type":"page","id":"1a2b3c4d-0000-4000-8000-00000000b002"}}, "workspace_name":"Caf\u00e9 \u00fcber \ud83d\udcdd"\n}\n`;
    const raw = Buffer.from(pretty, 'utf8');
    // Split inside a multi-byte character too.
    const emoji = raw.indexOf(Buffer.from('\ud83d\udcdd', 'utf8'));
    const chunks = [raw.subarray(0, 7), raw.subarray(7, emoji + 2), raw.subarray(emoji + 2)];
    const reply = await request(port, { chunks, headers: await signed(raw) });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.json, { ok: true, result: 'queued' });
    assert.equal(sink.queued[0].operation.operation, 'move');
    assert.equal(sink.queued[0].event.workspace_name, 'Caf\u00e9 \u00fcber \ud83d\udcdd');

    // Signing a re-serialisation instead of the wire bytes does not verify.
    const e2 = { ...e, id: '0b0b0b0b-0000-4000-8000-000000000001' };
    const wire = JSON.stringify(e2, null, 2);
    const reserialised = await signWebhookPayload({ body: JSON.stringify(JSON.parse(wire)), verificationToken: TOKEN });
    const refused = await request(port, { body: wire, headers: { 'x-notion-signature': reserialised } });
    assert.equal(refused.status, 401);
  });

  it('answers 404 for unknown paths and 405 with Allow for wrong methods, with no CORS', async () => {
    for (const path of ['/', '/api/v0/notion', '/api/v0/notion/webhook/', '/api/v0/notion/webhooks', '/API/V0/NOTION/WEBHOOK', '/api/v0/notion/../notion/webhook']) {
      const reply = await request(port, { method: 'POST', path, body: '{}' });
      assert.equal(reply.status, 404, path);
    }
    const getWebhook = await request(port, { method: 'GET' });
    assert.equal(getWebhook.status, 405);
    assert.equal(getWebhook.headers.allow, 'POST');
    for (const method of ['PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const reply = await request(port, { method, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.equal(reply.status, 405, method);
      assert.equal(reply.headers.allow, 'POST');
      assert.ok(!Object.keys(reply.headers).some((h) => h.startsWith('access-control-')), method);
    }
    const postStatus = await request(port, { method: 'POST', path: STATUS_PATH, body: '{}' });
    assert.equal(postStatus.status, 405);
    assert.equal(postStatus.headers.allow, 'GET');
    assert.equal(sink.calls.length, 0);
  });

  it('serves queue health on the status endpoint to local clients only', async () => {
    const body = JSON.stringify(event());
    await request(port, { body, headers: await signed(body) });
    const reply = await request(port, { method: 'GET', path: STATUS_PATH + '?fresh=1' });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['cache-control'], 'no-store');
    assert.deepEqual(reply.json, { pending: 1, processing: 0, errors: 0, dead: 0, conflicts: 0, lastSyncAt: null });
    assert.equal((await request(port, { method: 'GET', path: STATUS_PATH, headers: { host: `localhost:${port}` } })).status, 200);

    // Through a tunnel, or to a page that rebound its host name to 127.0.0.1: refused.
    for (const headers of <Array<Record<string, string>>>[{ 'x-forwarded-for': '203.0.113.9' }, { 'cf-connecting-ip': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { host: 'rebind.evil.example' }, { host: `rebind.evil.example:${port}` }]) {
      const refused = await request(port, { method: 'GET', path: STATUS_PATH, headers });
      assert.equal(refused.status, 403, JSON.stringify(headers));
    }
  });

  it('answers 500 when the sink cannot queue, so Notion retries, then 200 on the retry', async () => {
    sink.failAccept = new Error('database is locked');
    const body = JSON.stringify(event());
    const failed = await request(port, { body, headers: await signed(body) });
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.json, { ok: false, error: 'internal error' });
    assert.ok(log.lines.some((l) => l.startsWith('[error]') && l.includes('database is locked')));
    sink.failAccept = undefined;
    const retried = await request(port, { body, headers: await signed(body) });
    assert.deepEqual(retried.json, { ok: true, result: 'queued' });
    assert.equal(sink.queued.length, 1);
  });

  it('answers only after accept resolves, even when that takes longer than the request timeout', async function () {
    await receiver.stop();
    receiver = new WebhookReceiver({ port: 0, sink, logger: log, headersTimeoutMs: 200, requestTimeoutMs: 300 });
    await receiver.start();
    port = portOf(receiver);
    sink.acceptDelayMs = 1_200;
    const body = JSON.stringify(event());
    const started = Date.now();
    const reply = await request(port, { body, headers: await signed(body) });
    assert.equal(reply.status, 200);
    assert.ok(Date.now() - started >= 1_100);
    assert.equal(sink.queued.length, 1);
  });

  it('drops slow senders: headers or body that trickle past the timeouts', async function () {
    await receiver.stop();
    receiver = new WebhookReceiver({ port: 0, sink, logger: log, headersTimeoutMs: 300, requestTimeoutMs: 600 });
    await receiver.start();
    port = portOf(receiver);

    const closedAfter = (payload: string) =>
      new Promise<{ ms: number; data: string }>((resolve, reject) => {
        const started = Date.now();
        const socket = net.connect(port, '127.0.0.1', () => socket.write(payload));
        let data = '';
        socket.on('data', (d) => (data += d.toString()));
        socket.on('close', () => resolve({ ms: Date.now() - started, data }));
        socket.on('error', reject);
        setTimeout(() => reject(new Error('socket still open after 5 s')), 5_000).unref();
      });

    const headers = await closedAfter(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    assert.ok(headers.ms < 2_000, `${headers.ms} ms`);
    assert.match(headers.data, /^HTTP\/1\.1 408/);

    const body = await closedAfter(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{"id":`);
    assert.ok(body.ms < 2_500, `${body.ms} ms`);
    assert.match(body.data, /^HTTP\/1\.1 408/);
    assert.equal(sink.calls.length, 0);
  });
});

describe('webhook receiver: verification handshake', () => {
  let sink: MemorySink;
  let log: MemoryLogger;
  let receiver: WebhookReceiver;
  let port: number;

  beforeEach(async () => {
    sink = new MemorySink();
    log = new MemoryLogger();
    receiver = new WebhookReceiver({ port: 0, sink, logger: log });
    await receiver.start();
    port = portOf(receiver);
  });
  afterEach(() => receiver.stop());

  it('refuses events with 503 until a token is stored', async () => {
    const body = JSON.stringify(event());
    const reply = await request(port, { body, headers: await signed(body) });
    assert.equal(reply.status, 503);
    assert.equal((reply.json as { ok: boolean }).ok, false);
    assert.equal(sink.calls.length, 0);
  });

  it('stores the first token and tells the user what to do, without logging it', async () => {
    const body = JSON.stringify({ verification_token: TOKEN });
    // Notion signs the handshake with the token itself; it must work signed or not.
    const reply = await request(port, { body, headers: await signed(body) });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json, { ok: true, result: 'verification_token_stored' });
    assert.equal(sink.token, TOKEN);
    const info = log.lines.find((l) => l.startsWith('[info]') && l.includes('verification token'));
    assert.ok(info?.includes("'Notion Sync: Copy Webhook URL and Verification Token'"), log.lines.join('\n'));
    assert.ok(!log.lines.some((l) => l.includes(TOKEN) || l.includes('secret_')));

    // From now on events signed with it are accepted.
    const e = JSON.stringify(event());
    assert.deepEqual((await request(port, { body: e, headers: await signed(e) })).json, { ok: true, result: 'queued' });
  });

  it('treats a later handshake like any delivery: it must be signed with the stored token', async () => {
    const first = JSON.stringify({ verification_token: TOKEN });
    assert.equal((await request(port, { body: first })).status, 200);
    assert.equal(sink.token, TOKEN);

    // Someone else (or a recreated subscription) sends a new token: refused, token kept.
    const intruder = 'secret_intruderToken000000000000000';
    const second = JSON.stringify({ verification_token: intruder });
    for (const headers of [{}, await signed(second, intruder)]) {
      const reply = await request(port, { body: second, headers });
      assert.equal(reply.status, 401);
    }
    assert.equal(sink.token, TOKEN);
    assert.ok(log.lines.some((l) => l.startsWith('[warn]') && l.includes('Resend token')));

    // Notion's "Resend token" for the same subscription is signed with it: acknowledged, nothing changes.
    const resend = await request(port, { body: first, headers: await signed(first) });
    assert.equal(resend.status, 200);
    assert.deepEqual(resend.json, { ok: true, result: 'verification_token_unchanged' });
    assert.equal(sink.token, TOKEN);
    assert.ok(!log.lines.some((l) => l.includes('secret_')));
  });

  it('answers 503, not 200, to a handshake-shaped body that is not one', async () => {
    const body = JSON.stringify({ verification_token: 'secret_valid0000000', extra: 1 });
    assert.equal((await request(port, { body })).status, 503);
    assert.equal(sink.token, undefined);
  });
});

describe('webhook receiver: lifecycle', () => {
  it('starts on a free port, stops, restarts, and reports a busy port clearly', async () => {
    const sink = new MemorySink();
    const a = new WebhookReceiver({ port: 0, sink });
    assert.equal(a.running, false);
    assert.equal(a.port, undefined);
    const [first, again] = await Promise.all([a.start(), a.start()]);
    assert.equal(first.url, again.url);
    assert.equal(a.running, true);
    const port = portOf(a);
    assert.ok(port > 0);

    const b = new WebhookReceiver({ port, sink });
    await assert.rejects(b.start(), /could not listen on 127\.0\.0\.1:\d+: .*in use/);
    assert.equal(b.running, false);

    await a.stop();
    assert.equal(a.running, false);
    assert.equal(a.port, undefined);
    await assert.rejects(request(port, { method: 'GET', path: STATUS_PATH }));
    await a.stop(); // idempotent

    const restarted = await a.start();
    assert.match(restarted.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v0\/notion\/webhook$/);
    await a.stop();
  });

  it('closes keep-alive connections on stop', async () => {
    const sink = new MemorySink();
    const r = new WebhookReceiver({ port: 0, sink });
    await r.start();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: r.port, path: STATUS_PATH, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    const started = Date.now();
    await r.stop();
    agent.destroy();
    assert.ok(Date.now() - started < 1_000, `stop took ${Date.now() - started} ms`);
  });

  it('rejects impossible options up front', () => {
    const sink = new MemorySink();
    assert.throws(() => new WebhookReceiver({ port: 70000, sink }), RangeError);
    assert.throws(() => new WebhookReceiver({ port: -1, sink }), RangeError);
    assert.throws(() => new WebhookReceiver({ maxBodyBytes: 0, sink }), RangeError);
  });
});
