// The receiver's test client: an in-memory sink standing in for the engine's
// durable one (which its own tests cover), one-exchange HTTP requests, and
// events signed with @notionhq/client's own signWebhookPayload.
import assert from 'node:assert/strict';
import http from 'node:http';
import { signWebhookPayload } from '@notionhq/client';
import type { NotionWebhookEvent, WebhookOperation } from '../../../src/sync/webhook/events';
import { WEBHOOK_PATH, type WebhookReceiver, type WebhookSink } from '../../../src/sync/webhook/receiver';

export const TOKEN = 'secret_4Lk9TestVerificationToken0123456789abcdef';

export class MemorySink implements WebhookSink {
  token: string | undefined;
  readonly queued: Array<{ event: NotionWebhookEvent; operation: WebhookOperation }> = [];
  readonly calls: Array<{ event: NotionWebhookEvent; operation: WebhookOperation | null }> = [];
  private readonly seen = new Set<string>();
  failAccept: Error | undefined;
  acceptDelayMs = 0;

  async getVerificationToken(): Promise<string | undefined> {
    return this.token;
  }
  async saveVerificationToken(token: string): Promise<void> {
    this.token = token;
  }
  async accept(event: NotionWebhookEvent, operation: WebhookOperation | null): Promise<'queued' | 'duplicate' | 'ignored'> {
    this.calls.push({ event, operation });
    if (this.acceptDelayMs) await new Promise((r) => setTimeout(r, this.acceptDelayMs));
    if (this.failAccept) throw this.failAccept;
    if (this.seen.has(event.id)) return 'duplicate';
    this.seen.add(event.id);
    if (operation === null) return 'ignored';
    this.queued.push({ event, operation });
    return 'queued';
  }
  async status(): Promise<Record<string, unknown>> {
    return { pending: this.queued.length, processing: 0, errors: 0, dead: 0, conflicts: 0, lastSyncAt: null };
  }
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface RequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Sent with Content-Length. */
  body?: string | Buffer;
  /** Sent one write at a time (chunked), with a pause between writes. */
  chunks?: Buffer[];
  /** The client's own address (another loopback address is another peer). */
  localAddress?: string;
}

/** One HTTP exchange; resolves on the response even if the upload was cut short. */
export function request(port: number, opts: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? WEBHOOK_PATH, headers, agent: false, localAddress: opts.localAddress });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    // The server may close while we still upload (413): only a missing answer is a failure.
    req.on('error', (err) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(err)), 50);
    });
    if (opts.chunks) {
      void (async () => {
        for (const chunk of opts.chunks ?? []) {
          if (req.destroyed) return;
          req.write(chunk);
          await new Promise((r) => setTimeout(r, 15));
        }
        req.end();
      })();
    } else {
      req.end(opts.body);
    }
  });
}

let seq = 0;
export function event(type = 'page.content_updated', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    id: `0a0a0a0a-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    timestamp: '2026-11-24T10:15:30.000Z',
    workspace_id: '0c0c0c0c-1111-4222-8333-555555555555',
    workspace_name: 'Docs team',
    subscription_id: '5b5b5b5b-1111-4222-8333-666666666666',
    integration_id: '7d7d7d7d-1111-4222-8333-777777777777',
    type,
    authors: [{ id: '9f9f9f9f-1111-4222-8333-888888888888', type: 'person' }],
    attempt_number: 1,
    api_version: '2025-09-03',
    entity: { id: '1a2b3c4d-0000-4000-8000-00000000a001', type: 'page' },
    data: { parent: { id: '1a2b3c4d-0000-4000-8000-00000000b002', type: 'page' }, updated_blocks: [] },
    ...overrides,
  };
}

/** The bound port (a getter TS may have narrowed to undefined before start). */
export function portOf(r: WebhookReceiver): number {
  const port = r.port;
  assert.ok(port !== undefined, 'receiver not running');
  return port;
}

export async function signed(body: string | Buffer, token = TOKEN): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', 'x-notion-signature': await signWebhookPayload({ body, verificationToken: token }) };
}
