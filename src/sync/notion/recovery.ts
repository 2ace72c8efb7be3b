// Write-recovery probes. After a write failed ambiguously (a timeout, a 5xx, a
// cut connection) it may still have been applied; these look at Notion and
// return the applied result, so the caller never repeats a creation, an
// append or an edit that already landed.
import { isFullPage } from '@notionhq/client';
import { backoffDelay } from './backoff';
import { blockType } from './blocks';
import type { GatewayCache } from './cache';
import type { NotionError } from './errors';
import { normaliseId } from './ids';
import { normalisePage } from './normalise';
import { MINUTE, type NotionReader } from './reads';
import { plainText } from './richText';
import type { NotionTransport } from './transport';
import type { BlockRequest, CreateParent, NotionPage, PageMarkdown, RawBlock } from './types';

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

export class WriteProbes {
  constructor(
    private readonly reader: NotionReader,
    private readonly transport: NotionTransport,
    private readonly cache: GatewayCache,
  ) {}

  /**
   * A page created by an attempt that failed ambiguously: same parent and
   * title, created in or after the attempt's minute, not one this instance
   * already returned. A 5xx answer means the server is done with the request,
   * so one look tells; after a timeout or a cut connection it may still be
   * running, so wait for it to land and look again before concluding.
   */
  async findCreatedPage(
    parent: CreateParent,
    title: string,
    since: number,
    error: NotionError,
    signal?: AbortSignal,
  ): Promise<NotionPage | undefined> {
    const committed = error.committed?.resourceId;
    if (committed) return this.reader.getPage(committed, signal);
    const answered = error.status !== undefined;
    const looks = answered ? 1 : 3;
    for (let look = 0; look < looks; look++) {
      const first = Math.min(Math.max(this.transport.timeoutMs, 1_000), 5_000);
      const wait = answered ? 0 : look === 0 ? first : backoffDelay(look, this.transport.backoff);
      await this.transport.clock.sleep(wait, signal);
      const found = await this.lookForCreatedPage(parent, title, since, signal);
      if (found) return found;
    }
    return undefined;
  }

  /** One look under `parent` for a page titled `title` created since `since` (ms), minus a minute of slack for skew and rounding. */
  async lookForCreatedPage(parent: CreateParent, title: string, since: number, signal?: AbortSignal): Promise<NotionPage | undefined> {
    const from = floorMinute(since) - MINUTE;
    const candidate = (id: string, name: string, createdTime: string) =>
      name === title && Date.parse(createdTime) >= from && !this.cache.wasCreated(id);
    if (parent.type === 'page') {
      for await (const block of this.reader.listChildren(parent.id, signal)) {
        if (block.type === 'child_page' && candidate(block.id, block.child_page.title, block.created_time)) {
          return this.reader.getPage(block.id, signal);
        }
      }
      return undefined;
    }
    if (parent.type === 'data_source') {
      for await (const p of this.rowsCreatedSince(parent.id, from, signal)) {
        if (candidate(p.id, p.title, p.createdTime)) return p;
      }
      return undefined;
    }
    for await (const found of this.reader.search({ query: title, filter: 'page', signal })) {
      if (found.object === 'page' && found.parent.type === 'workspace' && candidate(found.id, found.title, found.createdTime)) {
        return found;
      }
    }
    return undefined;
  }

  private async *rowsCreatedSince(dataSourceId: string, from: number, signal?: AbortSignal): AsyncGenerator<NotionPage> {
    const createdSince = new Date(from).toISOString();
    const pages = this.transport.paginate(
      'find created row',
      (cursor) =>
        this.transport.client.dataSources.query({
          data_source_id: normaliseId(dataSourceId),
          filter: { timestamp: 'created_time', created_time: { on_or_after: createdSince } },
          start_cursor: cursor,
          page_size: 100,
        }),
      signal,
    );
    for await (const page of pages) {
      for (const row of page.results) if (isFullPage(row)) yield normalisePage(row);
    }
  }

  /** After a 503 that says a write was saved: the object as it is now, read instead of writing again. */
  async readBackWhenSaved<T>(error: NotionError, read: () => Promise<T>): Promise<T | undefined> {
    if (!error.committed) return undefined;
    this.transport.log.info(`Notion saved the write but could not answer in time (${error.committed.retryGuidance.join(' ') || 'no guidance'}); reading it back`);
    return read();
  }

  /** The page's body when every edit shows as applied (new text present, old text gone), else undefined. */
  async editsApplied(pageId: string, edits: { oldStr: string; newStr: string }[], signal?: AbortSignal): Promise<PageMarkdown | undefined> {
    const current = await this.reader.getPageMarkdown(pageId, signal);
    return edits.every((e) => editApplied(current.markdown, e)) ? current : undefined;
  }

  /**
   * The appended blocks when a 503 named them, or when the parent's tail shows
   * them created since the attempt; else undefined.
   */
  async appendApplied(
    parentId: string,
    children: BlockRequest[],
    startedAt: number,
    error: NotionError,
    signal?: AbortSignal,
  ): Promise<{ id: string }[] | undefined> {
    const committed = error.committed?.childIds;
    if (committed && committed.length === children.length) return committed.map((id) => ({ id }));
    const existing: RawBlock[] = [];
    for await (const block of this.reader.listChildren(parentId, signal)) existing.push(block);
    const tail = existing.slice(-children.length);
    // Same blocks at the end, created since the attempt (a minute of slack
    // for rounding and skew): the append went through.
    const from = floorMinute(startedAt) - MINUTE;
    const applied =
      tail.length === children.length && tail.every((b, i) => sameBlock(b, children[i]) && Date.parse(b.created_time) >= from);
    return applied ? tail : undefined;
  }
}

/** Whether a created block looks like the request that made it (type and text). */
function sameBlock(created: RawBlock, request: BlockRequest | undefined): boolean {
  if (!request || created.type !== blockType(request)) return false;
  const createdBody = (created as unknown as Record<string, { rich_text?: { plain_text?: string }[] }>)[created.type];
  const requestBody = (request as unknown as Record<string, { rich_text?: { text?: { content?: string } }[] }>)[blockType(request)];
  const requestText = (requestBody?.rich_text ?? []).map((r) => r.text?.content ?? '').join('');
  const createdText = plainText(createdBody?.rich_text);
  return requestText === createdText;
}

/**
 * Whether `body` shows the edit applied: the new text is there and the old
 * text is not, outside the new text. An edit that adds around the old text
 * (a paragraph appended after it) keeps the old text inside the new one; read
 * as "old text still there", the edit was taken as lost and sent again.
 */
export function editApplied(body: string, e: { oldStr: string; newStr: string }): boolean {
  if (!body.includes(e.newStr)) return false;
  if (e.oldStr === '') return true;
  const outsideNew = e.newStr.includes(e.oldStr) ? body.split(e.newStr).join('\n') : body;
  return !outsideNew.includes(e.oldStr);
}
