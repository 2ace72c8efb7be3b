// Fuzzing the webhook receiver over real HTTP (issue 12's reliability suite):
// random bodies, event-shaped bodies with one field swapped for anything,
// random bytes and random signature headers. Whatever arrives, the receiver
// answers with a clear client error or a success, never a 5xx, never crashes,
// never queues what is not a valid event, never lets an unsigned request
// through, never changes the stored token, and still takes the next real
// delivery. Signatures come from @notionhq/client's own signWebhookPayload.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MemoryLogger } from '../../src/sync/logger';
import { WebhookReceiver } from '../../src/sync/webhook/receiver';
import { parseWebhookEvent } from '../../src/sync/webhook/events';
import { event, MemorySink, portOf, request, signed, TOKEN, type Reply } from './support/webhookClient';

const RUNS = Number(process.env.WEBHOOK_FUZZ_RUNS ?? 120);

/** An event with one field (top level or nested) replaced by any value, or removed. */
const mutatedEvent = fc
  .record({
    field: fc.constantFrom('id', 'type', 'timestamp', 'attempt_number', 'entity', 'entity.id', 'entity.type', 'data', 'data.parent', 'authors', 'workspace_id'),
    value: fc.oneof(fc.anything(), fc.constant(undefined), fc.string({ unit: 'binary' })),
    type: fc.constantFrom('page.content_updated', 'page.created', 'page.deleted', 'page.moved', 'database.schema_updated', 'data_source.content_updated', 'comment.created', 'page.locked', 'x.y'),
  })
  .map(({ field, value, type }) => {
    const e = event(type) as Record<string, unknown>;
    const [top, inner] = field.split('.');
    if (inner === undefined) e[top] = value;
    else e[top] = { ...(e[top] as Record<string, unknown>), [inner]: value };
    return JSON.stringify(e);
  });

const anyBody = fc.oneof(
  mutatedEvent,
  fc.json(),
  fc.string({ unit: 'binary' }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

/** A reply is a clear client error (JSON with a message) or a success; never a server error. */
function assertClear(reply: Reply, body: string | Buffer): void {
  assert.ok(reply.status < 500, `${reply.status} ${reply.text} for ${String(body).slice(0, 200)}`);
  assert.ok([200, 400, 401].includes(reply.status), `unexpected ${reply.status}: ${reply.text}`);
  const json = reply.json as { ok?: boolean; error?: unknown };
  assert.equal(typeof json?.ok, 'boolean', reply.text);
  if (reply.status !== 200) assert.ok(typeof json.error === 'string' && json.error.length > 3, `an error message: ${reply.text}`);
}

function isValidEvent(body: string): boolean {
  try {
    parseWebhookEvent(JSON.parse(body));
    return true;
  } catch {
    return false;
  }
}

describe('webhook receiver under fuzzed deliveries (fast-check, real HTTP)', function () {
  this.timeout(300_000);
  let sink: MemorySink;
  let log: MemoryLogger;
  let receiver: WebhookReceiver;
  let port: number;

  before(async () => {
    sink = new MemorySink();
    sink.token = TOKEN;
    log = new MemoryLogger();
    receiver = new WebhookReceiver({ port: 0, sink, logger: log, maxBodyBytes: 64 * 1024 });
    await receiver.start();
    port = portOf(receiver);
  });

  after(async () => {
    // Alive after everything: a real delivery still queues.
    const body = JSON.stringify(event('page.content_updated'));
    const reply = await request(port, { body, headers: await signed(body) });
    assert.deepEqual(reply.json, { ok: true, result: 'queued' });
    await receiver.stop();
    assert.equal(sink.token, TOKEN, 'the stored token never changed');
    assert.ok(!log.lines.some((l) => l.includes(TOKEN)), 'the token never reached the log');
  });

  it('signed bodies of any shape: success only for a valid event, otherwise a 400 that says what is wrong', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const queuedBefore = sink.queued.length;
        const reply = await request(port, { body, headers: await signed(body) });
        assertClear(reply, body);
        const valid = isValidEvent(body);
        if (valid) assert.equal(reply.status, 200, `a valid event was refused: ${reply.text}`);
        else assert.equal(reply.status === 200 && (reply.json as { result?: string }).result !== 'verification_token_unchanged', false, `an invalid body was accepted: ${body.slice(0, 200)}`);
        assert.ok(sink.queued.length - queuedBefore <= (valid ? 1 : 0), 'nothing but a valid event is queued');
      }),
      { numRuns: RUNS },
    );
  });

  it('unsigned or wrongly signed deliveries are refused with 401 before the sink sees them', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: undefined }), async (body, signature) => {
        const calls = sink.calls.length;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        // Header values must be sendable: keep printable ASCII, as an HTTP client would.
        if (signature !== undefined) headers['x-notion-signature'] = signature.replace(/[^\x20-\x7e]/g, '') || 'x';
        const reply = await request(port, { body, headers });
        assertClear(reply, body);
        assert.equal(reply.status, 401, reply.text);
        assert.equal(sink.calls.length, calls, 'the sink was not called');
      }),
      { numRuns: RUNS },
    );
  });

  it('random bytes, signed or not, never reach the sink as an event and never crash the receiver', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), async (bytes, sign) => {
        const body = Buffer.from(bytes);
        const headers = sign ? await signed(body) : { 'content-type': 'application/octet-stream' };
        const reply = await request(port, { body, headers });
        assertClear(reply, body);
        if (reply.status === 200) assert.ok(isValidEvent(body.toString('utf8')), 'only a valid event succeeds');
      }),
      { numRuns: RUNS },
    );
  });
});
