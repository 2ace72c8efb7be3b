// Availability of the webhook receiver: idle TCP connections (opened and never
// used) cannot shut out Notion's deliveries. Connections are bounded per peer
// and in total; when a bound is reached the oldest idle connection makes room,
// and a connection idle past its limit is closed.
import assert from 'node:assert/strict';
import net from 'node:net';
import { MemoryLogger } from '../../src/sync/logger';
import { WebhookReceiver } from '../../src/sync/webhook/receiver';
import { event, MemorySink, portOf, request, signed, TOKEN } from './support/webhookClient';

/** Opens `n` TCP connections from `localAddress` that never send a byte. */
async function idleSockets(port: number, n: number, localAddress = '127.0.0.1'): Promise<net.Socket[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(s));
          s.on('error', () => undefined); // an evicted socket is reset: expected
          s.once('error', reject);
        }),
    ),
  );
}

async function deliver(port: number, localAddress?: string): Promise<number> {
  const body = JSON.stringify(event());
  const started = Date.now();
  const reply = await request(port, { body, headers: await signed(body, TOKEN), localAddress });
  assert.equal(reply.status, 200, reply.text);
  return Date.now() - started;
}

const closed = (s: net.Socket) => s.destroyed || s.readyState === 'closed';

describe('webhook receiver: idle connections cannot deny service', function () {
  this.timeout(30_000);
  let sink: MemorySink;
  let receiver: WebhookReceiver;
  let sockets: net.Socket[] = [];

  beforeEach(() => {
    sink = new MemorySink();
    sink.token = TOKEN;
  });
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    sockets = [];
    await receiver.stop();
  });

  it('64 idle connections from one peer: deliveries from that peer and another still land at once', async () => {
    receiver = new WebhookReceiver({ port: 0, sink, logger: new MemoryLogger() });
    await receiver.start();
    const port = portOf(receiver);
    sockets = await idleSockets(port, 64);
    assert.ok((await deliver(port, '127.0.0.2')) < 2_000);
    assert.ok((await deliver(port)) < 2_000);
    // …and even 200 idle connections leave room.
    sockets.push(...(await idleSockets(port, 136)));
    assert.ok((await deliver(port, '127.0.0.3')) < 2_000);
    assert.equal(sink.queued.length, 3);
  });

  it('bounds connections per peer and in total; the oldest idle ones go first', async () => {
    receiver = new WebhookReceiver({ port: 0, sink, logger: new MemoryLogger(), maxConnections: 10, maxConnectionsPerPeer: 4 });
    await receiver.start();
    const port = portOf(receiver);
    sockets = await idleSockets(port, 6, '127.0.0.4');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(sockets.map(closed), [true, true, false, false, false, false], 'a peer keeps at most 4');
    sockets.push(...(await idleSockets(port, 8, '127.0.0.5')));
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(sockets.filter((s) => !closed(s)).length <= 10, 'at most 10 in total');
    assert.ok((await deliver(port, '127.0.0.6')) < 2_000);
  });

  it('closes a connection that sends nothing within the idle limit', async () => {
    receiver = new WebhookReceiver({ port: 0, sink, logger: new MemoryLogger(), idleTimeoutMs: 300 });
    await receiver.start();
    sockets = await idleSockets(portOf(receiver), 3);
    const started = Date.now();
    await Promise.all(sockets.map((s) => new Promise((r) => (closed(s) ? r(null) : s.once('close', r)))));
    const ms = Date.now() - started;
    assert.ok(ms < 1_500, `closed after ${ms} ms`);
  });
});
