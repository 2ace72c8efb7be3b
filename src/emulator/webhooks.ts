// Webhook subscriptions: verification handshake, Notion-shaped events (ids only),
// per-entity aggregation, optional reordering and duplication, signed delivery
// with retries and backoff.
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from './log';
import { newId } from './ids';
import type { ChangeEvent, WebhookEventType } from './model';
import type { Workspace } from './workspace';

export interface SubscriptionOptions {
  url: string;
  verificationToken?: string;
  /** Event types to deliver; all when absent. */
  events?: string[];
  /** Deliver each flushed batch in reverse order. */
  reorder?: boolean;
  /** Deliver every event twice (same id). */
  duplicate?: boolean;
  /** Window in which changes to one entity are merged into one event. */
  aggregateMs?: number;
  /** Delivery attempts before giving up (Notion: up to 8). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  retryDelayMs?: number;
  apiVersion?: string;
}

interface Subscription extends Required<Omit<SubscriptionOptions, 'events'>> {
  id: string;
  events?: string[];
}

export interface DeliveryRecord {
  subscriptionId: string;
  eventId: string | null;
  type: string;
  entityId: string | null;
  attempt: number;
  status: number | 'error';
  at: string;
}

interface Pending {
  event: ChangeEvent;
  authors: Set<string>;
  blocks: Set<string>;
  properties: Set<string>;
  timer: NodeJS.Timeout;
}

export function signBody(body: string, token: string): string {
  return `sha256=${createHmac('sha256', token).update(body, 'utf8').digest('hex')}`;
}

const AGGREGATED: ReadonlySet<WebhookEventType> = new Set([
  'page.created',
  'page.content_updated',
  'page.properties_updated',
  'page.moved',
  'page.deleted',
  'page.undeleted',
  'data_source.content_updated',
  'data_source.schema_updated',
]);

export class WebhookHub {
  private readonly subs = new Map<string, Subscription>();
  private readonly pending = new Map<string, Map<string, Pending>>();
  private readonly inflight = new Set<Promise<void>>();
  readonly deliveries: DeliveryRecord[] = [];
  private closed = false;

  private ws: Workspace;

  constructor(
    ws: Workspace,
    private readonly identity: { workspaceId: string; workspaceName: string; integrationId: string },
    private readonly logger: Logger,
  ) {
    this.ws = ws;
    this.attach(ws);
  }

  /** Follows a (new) workspace, e.g. after a reset; subscriptions survive resets. */
  attach(ws: Workspace): void {
    for (const pend of this.pending.values()) {
      for (const p of pend.values()) clearTimeout(p.timer);
      pend.clear();
    }
    this.ws = ws;
    ws.onChange((e) => {
      if (this.ws === ws) this.onChange(e);
    });
  }

  list(): Array<{ id: string; url: string }> {
    return [...this.subs.values()].map((s) => ({ id: s.id, url: s.url }));
  }

  /** Registers a subscription and POSTs the verification handshake to it. */
  add(opts: SubscriptionOptions): { id: string; verificationToken: string } {
    const sub: Subscription = {
      id: newId(),
      url: opts.url,
      verificationToken: opts.verificationToken ?? `secret_${randomBytes(24).toString('base64url')}`,
      events: opts.events,
      reorder: opts.reorder ?? false,
      duplicate: opts.duplicate ?? false,
      aggregateMs: opts.aggregateMs ?? 200,
      maxAttempts: opts.maxAttempts ?? 4,
      retryDelayMs: opts.retryDelayMs ?? 100,
      apiVersion: opts.apiVersion ?? '2025-09-03',
    };
    this.subs.set(sub.id, sub);
    this.pending.set(sub.id, new Map());
    this.track(this.post(sub, JSON.stringify({ verification_token: sub.verificationToken }), null, 'verification', null, 1));
    return { id: sub.id, verificationToken: sub.verificationToken };
  }

  remove(id: string): boolean {
    const pend = this.pending.get(id);
    for (const p of pend?.values() ?? []) clearTimeout(p.timer);
    this.pending.delete(id);
    return this.subs.delete(id);
  }

  private onChange(e: ChangeEvent): void {
    if (this.closed) return;
    for (const sub of this.subs.values()) {
      if (sub.events && !sub.events.includes(e.type)) continue;
      const pend = this.pending.get(sub.id)!;
      const key = `${e.type}:${e.entity.id}`;
      const existing = AGGREGATED.has(e.type) ? pend.get(key) : undefined;
      if (existing) {
        existing.authors.add(e.authorId);
        e.updatedBlocks?.forEach((b) => existing.blocks.add(b));
        e.updatedProperties?.forEach((p) => existing.properties.add(p));
        existing.event = { ...existing.event, at: e.at, parent: e.parent };
        continue;
      }
      const p: Pending = {
        event: e,
        authors: new Set([e.authorId]),
        blocks: new Set(e.updatedBlocks ?? []),
        properties: new Set(e.updatedProperties ?? []),
        timer: setTimeout(() => this.release(sub, [key]), sub.aggregateMs),
      };
      pend.set(key, p);
    }
  }

  /** Sends the pending events with these keys (all pending when keys is undefined). */
  private release(sub: Subscription, keys?: string[]): void {
    const pend = this.pending.get(sub.id);
    if (!pend) return;
    const batch: Pending[] = [];
    for (const key of keys ?? [...pend.keys()]) {
      const p = pend.get(key);
      if (!p) continue;
      clearTimeout(p.timer);
      pend.delete(key);
      batch.push(p);
    }
    if (sub.reorder) batch.reverse();
    for (const p of batch) {
      const envelope = this.envelope(sub, p);
      const copies = sub.duplicate ? 2 : 1;
      for (let i = 0; i < copies; i++) this.track(this.deliver(sub, envelope));
    }
  }

  private envelope(sub: Subscription, p: Pending): Record<string, unknown> {
    const e = p.event;
    const data: Record<string, unknown> = { parent: e.parent };
    if (e.type === 'page.content_updated') data.updated_blocks = [...p.blocks].map((id) => ({ id, type: this.ws.pages.has(id) ? 'page' : this.ws.databases.has(id) ? 'database' : 'block' }));
    if (e.type === 'page.properties_updated') data.updated_properties = [...p.properties];
    return {
      id: newId(),
      timestamp: new Date(e.at).toISOString(),
      workspace_id: this.identity.workspaceId,
      workspace_name: this.identity.workspaceName,
      subscription_id: sub.id,
      integration_id: this.identity.integrationId,
      type: e.type,
      authors: [...p.authors].map((id) => ({ id, type: this.ws.users.get(id)?.type ?? 'person' })),
      attempt_number: 1,
      api_version: sub.apiVersion,
      entity: e.entity,
      data,
    };
  }

  private async deliver(sub: Subscription, envelope: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; attempt <= sub.maxAttempts; attempt++) {
      if (this.closed || !this.subs.has(sub.id)) return;
      const body = JSON.stringify({ ...envelope, attempt_number: attempt });
      const ok = await this.post(sub, body, String(envelope.id), String(envelope.type), String((envelope.entity as { id: string }).id), attempt);
      if (ok) return;
      if (attempt < sub.maxAttempts) await new Promise((r) => setTimeout(r, sub.retryDelayMs * 2 ** (attempt - 1)));
    }
    this.logger.warn(`webhook ${String(envelope.id)} to ${sub.url} gave up after ${sub.maxAttempts} attempts`);
  }

  private async post(sub: Subscription, body: string, eventId: string | null, type: string, entityId: string | null, attempt: number): Promise<boolean> {
    let status: number | 'error' = 'error';
    try {
      const res = await fetch(sub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'notion-api', 'x-notion-signature': signBody(body, sub.verificationToken) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      this.logger.debug(`webhook POST to ${sub.url} failed: ${(err as Error).message}`);
    }
    this.deliveries.push({ subscriptionId: sub.id, eventId, type, entityId, attempt, status, at: new Date().toISOString() });
    if (this.deliveries.length > 10_000) this.deliveries.splice(0, this.deliveries.length - 10_000);
    return typeof status === 'number' && status >= 200 && status < 300;
  }

  private track(p: Promise<unknown>): void {
    const wrapped = p.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(wrapped);
    void wrapped.finally(() => this.inflight.delete(wrapped));
  }

  /** Sends everything pending now and waits until all deliveries (with retries) settle. */
  async flush(): Promise<void> {
    for (const sub of this.subs.values()) this.release(sub);
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  close(): void {
    this.closed = true;
    for (const pend of this.pending.values()) for (const p of pend.values()) clearTimeout(p.timer);
    this.pending.clear();
  }
}
