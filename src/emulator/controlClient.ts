// A typed client of the emulator's control API, for tests, benchmarks and the demo.
import type { PageObjectResponse } from '@notionhq/client';
import type { FileRequestLogEntry, RequestLogEntry } from './emulator';
import type { Knobs } from './knobs';
import type { DeliveryRecord, SubscriptionOptions } from './webhooks';

export type PropertyInput = string | number | boolean | null | string[] | Record<string, unknown>;

export interface EmulatorState {
  pages: Array<{ id: string; title: string; parentId: string | null; parentType: string; inTrash: boolean; lastEditedTime: string }>;
  databases: Array<{ id: string; title: string; parentId: string | null; inTrash: boolean; dataSources: Array<{ id: string; title: string }> }>;
  users: Array<{ id: string; name: string; type: 'person' | 'bot' }>;
  ids: Record<string, string>;
}

export interface PageSnapshot {
  page: PageObjectResponse;
  title: string;
  markdown: string;
  /** The page's block tree (block JSON with nested `children`). */
  blocks: Array<Record<string, unknown>>;
}

export type WebhookOptions = SubscriptionOptions;

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`emulator control API answered ${status}: ${JSON.stringify(body)}`);
  }
}

export class EmulatorControl {
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/__control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new EmulatorControlError(res.status, json);
    return json as T;
  }

  /** Replaces the workspace with a fresh seed; webhook subscriptions survive. */
  async reset(opts: { seed?: 'demo' | 'empty'; pages?: number; rows?: number } = {}): Promise<void> {
    await this.call('POST', '/reset', opts);
  }

  /** Creates a page "as a Notion user". `parentId` is a page, database or data source id (none = workspace). */
  createPage(args: { parentId?: string; title: string; markdown?: string; markdownVersion?: 'v1' | 'v2'; properties?: Record<string, PropertyInput>; authorId?: string }): Promise<PageObjectResponse> {
    return this.call('POST', '/pages', args);
  }

  /** Edits a page "as a Notion user": title, whole content as markdown, appended markdown, properties. */
  editPage(
    id: string,
    args: { title?: string; markdown?: string; appendMarkdown?: string; markdownVersion?: 'v1' | 'v2'; properties?: Record<string, PropertyInput>; authorId?: string },
  ): Promise<PageObjectResponse> {
    return this.call('PATCH', `/pages/${id}`, args);
  }

  movePage(id: string, newParentId: string): Promise<PageObjectResponse> {
    return this.call('POST', `/pages/${id}/move`, { parentId: newParentId });
  }

  trashPage(id: string): Promise<PageObjectResponse> {
    return this.call('POST', `/pages/${id}/trash`, {});
  }

  restorePage(id: string): Promise<PageObjectResponse> {
    return this.call('POST', `/pages/${id}/restore`, {});
  }

  /** The page JSON, its title, its markdown and block tree, for assertions. */
  getPage(id: string): Promise<PageSnapshot> {
    return this.call('GET', `/pages/${id}`);
  }

  /** Every /v1 request since the last reset or clear. */
  requests(): Promise<RequestLogEntry[]> {
    return this.call('GET', '/requests');
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  /** Every request to the file server (hosted media downloads) since the last reset or clear. */
  fileRequests(): Promise<FileRequestLogEntry[]> {
    return this.call('GET', '/files/requests');
  }

  async clearFileRequests(): Promise<void> {
    await this.call('DELETE', '/files/requests');
  }

  /** Changes knobs; unknown names and bad values are rejected (400). */
  setKnobs(knobs: Partial<Knobs>): Promise<Knobs> {
    return this.call('POST', '/knobs', knobs);
  }

  /** Moves the emulator's clock forward (timestamps are minute-rounded, so tests need this). */
  async advanceClock(ms: number): Promise<string> {
    return (await this.call<{ now: string }>('POST', '/clock/advance', { ms })).now;
  }

  /** Registers a subscription; the emulator POSTs the verification handshake to `url` right away. */
  addWebhook(opts: WebhookOptions): Promise<{ id: string; verificationToken: string }> {
    return this.call('POST', '/webhooks', opts);
  }

  async removeWebhook(id: string): Promise<void> {
    await this.call('DELETE', `/webhooks/${id}`);
  }

  /** Sends every pending (aggregating) event now and waits until deliveries and retries settle. */
  async flushWebhooks(): Promise<void> {
    await this.call('POST', '/webhooks/flush', {});
  }

  webhookDeliveries(): Promise<DeliveryRecord[]> {
    return this.call('GET', '/webhooks/deliveries');
  }

  state(): Promise<EmulatorState> {
    return this.call('GET', '/state');
  }
}
