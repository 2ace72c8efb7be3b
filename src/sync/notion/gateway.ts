// The engine's only door to Notion: reads (reads.ts) plus the writes below.
// One transport per instance (transport.ts) holds the rate limiter and the
// retry policy; writes that may not be repeated blindly check Notion first
// after an ambiguous failure (recovery.ts).
import { isFullPage, type CreatePageParameters } from '@notionhq/client';
import { planAppend } from './blocks';
import { GatewayCache } from './cache';
import { NotionFiles } from './files';
import { NotionUnavailableError, NotionValidationError } from './errors';
import { normaliseId } from './ids';
import { normalisePage } from './normalise';
import type { PropertyPayload } from './properties';
import { createPage as createWithMarkdown, type RawPageMarkdown, updateMarkdown } from './markdownApi';
import { NotionReader } from './reads';
import { WriteProbes } from './recovery';
import { richTextFromString } from './richText';
import { NotionTransport, type NotionGatewayOptions } from './transport';
import type { BlockRequest, CreateParent, MarkdownUpdate, NotionPage, PageMarkdown } from './types';

export {
  API_VERSION,
  DEFAULT_MAX_RETRIES,
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_TIMEOUT_MS,
  MARKDOWN_API_VERSION,
  type NotionGatewayOptions,
} from './transport';
export { QUERY_RESULT_CAP } from './reads';
export type { MarkdownVersion } from './markdownApi';

export interface CreatePageArgs {
  parent: CreateParent;
  title: string;
  properties?: Record<string, PropertyPayload>;
  markdown?: string;
  icon?: { emoji: string };
  /**
   * When the caller already tried this creation before (e.g. a queued
   * operation being retried after an error), when it first tried (ISO):
   * a page it created then is returned instead of making another.
   */
  firstAttemptAt?: string;
  signal?: AbortSignal;
}

function toPageMarkdown(raw: RawPageMarkdown): PageMarkdown {
  return { markdown: raw.markdown, truncated: raw.truncated, unknownBlockIds: raw.unknown_block_ids ?? [], ...(raw.warnings ? { warnings: raw.warnings } : {}) };
}

export class NotionGateway extends NotionReader {
  private readonly probes: WriteProbes;
  /** Hosted files: downloads and the File Upload API. */
  readonly files: NotionFiles;

  constructor(options: NotionGatewayOptions) {
    const transport = new NotionTransport(options);
    super(transport, new GatewayCache());
    this.probes = new WriteProbes(this, transport, this.cache);
    this.files = new NotionFiles(transport);
  }

  private async titlePropertyOf(parent: CreateParent, signal?: AbortSignal): Promise<string> {
    if (parent.type !== 'data_source') return 'title';
    const known = this.cache.titlePropertyOf(parent.id);
    if (known) return known;
    await this.getDataSource(parent.id, signal);
    return this.cache.titlePropertyOf(parent.id) ?? 'title';
  }

  /**
   * Creates a page. Never retried blindly: after a timeout, 5xx or network
   * error it first looks under the parent for a page with this title created
   * since the attempt (and not already known), and returns that one.
   */
  async createPage(args: CreatePageArgs): Promise<NotionPage> {
    const { signal } = args;
    const earlier = await this.earlierAttempt(args);
    if (earlier) return earlier;
    const body = await this.createBody(args);
    const { client, markdownClient, markdownVersion } = this.transport;
    const page = await this.transport.call(
      'create page',
      async () => {
        const raw = args.markdown !== undefined ? await createWithMarkdown(markdownClient, body, markdownVersion) : await client.pages.create(body);
        if (!isFullPage(raw)) return this.getPage(raw.id, signal);
        return normalisePage(raw);
      },
      {
        policy: 'once',
        signal,
        recover: (since, error) => this.probes.findCreatedPage(args.parent, args.title, since, error, signal),
      },
    );
    this.cache.noteCreated(page.id);
    return page;
  }

  /** The page an earlier attempt at this creation made, if the caller says there was one. */
  private async earlierAttempt(args: CreatePageArgs): Promise<NotionPage | undefined> {
    if (!args.firstAttemptAt) return undefined;
    const since = Date.parse(args.firstAttemptAt);
    if (Number.isNaN(since)) throw new NotionValidationError(`firstAttemptAt is not a date: ${args.firstAttemptAt}`);
    const earlier = await this.probes.lookForCreatedPage(args.parent, args.title, since, args.signal);
    if (!earlier) return undefined;
    this.transport.log.info(`create page: "${args.title}" already exists from an earlier attempt; not creating it again`);
    this.cache.noteCreated(earlier.id);
    return earlier;
  }

  private async createBody(args: CreatePageArgs): Promise<CreatePageParameters> {
    const titleName = await this.titlePropertyOf(args.parent, args.signal);
    const parent: CreatePageParameters['parent'] =
      args.parent.type === 'page'
        ? { type: 'page_id', page_id: normaliseId(args.parent.id) }
        : args.parent.type === 'data_source'
          ? { type: 'data_source_id', data_source_id: normaliseId(args.parent.id) }
          : { type: 'workspace', workspace: true };
    let title;
    try {
      title = richTextFromString(args.title, 'The title');
    } catch (error) {
      throw new NotionValidationError((error as Error).message, { property: titleName });
    }
    const properties = { ...(args.properties ?? {}), [titleName]: { title } } as CreatePageParameters['properties'];
    return {
      parent,
      properties,
      ...(args.icon ? { icon: { type: 'emoji', emoji: args.icon.emoji as never } } : {}),
      ...(args.markdown !== undefined ? { markdown: args.markdown } : {}),
    };
  }

  /** Sets property values (absolute values, so safe to retry). */
  async updatePageProperties(id: string, properties: Record<string, PropertyPayload>, signal?: AbortSignal): Promise<NotionPage> {
    const pageId = normaliseId(id);
    const page = await this.transport.call(
      'update properties',
      async () => this.toPage(await this.transport.client.pages.update({ page_id: pageId, properties }), signal),
      { policy: 'idempotent', signal, recover: (_, error) => this.probes.readBackWhenSaved(error, () => this.getPage(pageId, signal)) },
    );
    return page;
  }

  /**
   * Changes the body through the markdown endpoint: `replace` sets the whole
   * body (safe to retry); `edits` are targeted search-and-replace updates, so
   * block ids, comments and links elsewhere survive. After an ambiguous
   * failure the edits are checked against the current body before retrying.
   */
  async updatePageMarkdown(id: string, update: MarkdownUpdate, signal?: AbortSignal): Promise<PageMarkdown> {
    const pageId = normaliseId(id);
    const { markdownClient: md, markdownVersion: version } = this.transport;
    if ('replace' in update) {
      const replace_content = { new_str: update.replace, ...(update.allowDeletingContent ? { allow_deleting_content: true } : {}) };
      const raw = await this.transport.call<RawPageMarkdown | PageMarkdown>(
        'replace page markdown',
        () => updateMarkdown(md, { page_id: pageId, type: 'replace_content', replace_content }, version),
        { policy: 'idempotent', signal, recover: (_, error) => this.probes.readBackWhenSaved(error, () => this.getPageMarkdown(pageId, signal)) },
      );
      return 'unknownBlockIds' in raw ? raw : toPageMarkdown(raw);
    }
    if (update.edits.length === 0) return this.getPageMarkdown(pageId, signal);
    const content_updates = update.edits.map((e) => ({ old_str: e.oldStr, new_str: e.newStr }));
    const raw = await this.transport.call<RawPageMarkdown | PageMarkdown>(
      'edit page markdown',
      () => updateMarkdown(md, { page_id: pageId, type: 'update_content', update_content: { content_updates } }, version),
      { policy: 'once', signal, recover: () => this.probes.editsApplied(pageId, update.edits, signal) },
    );
    return 'unknownBlockIds' in raw ? raw : toPageMarkdown(raw);
  }

  async trashPage(id: string, signal?: AbortSignal): Promise<NotionPage> {
    return this.setTrashed(id, true, signal);
  }

  async restorePage(id: string, signal?: AbortSignal): Promise<NotionPage> {
    return this.setTrashed(id, false, signal);
  }

  private async setTrashed(id: string, inTrash: boolean, signal?: AbortSignal): Promise<NotionPage> {
    const pageId = normaliseId(id);
    return this.transport.call(
      inTrash ? 'trash page' : 'restore page',
      async () => this.toPage(await this.transport.client.pages.update({ page_id: pageId, in_trash: inTrash }), signal),
      { policy: 'idempotent', signal, recover: (_, error) => this.probes.readBackWhenSaved(error, () => this.getPage(pageId, signal)) },
    );
  }

  private async toPage(raw: Parameters<typeof isFullPage>[0], signal?: AbortSignal): Promise<NotionPage> {
    return isFullPage(raw) ? normalisePage(raw) : this.getPage(raw.id, signal);
  }

  /**
   * Appends blocks at the end of a page or block, split to Notion's limits
   * (see blocks.ts): deeper levels go in follow-up requests to the ids of the
   * blocks just created. Returns the ids of the top-level blocks created.
   */
  async appendBlocks(parentId: string, blocks: readonly BlockRequest[], signal?: AbortSignal): Promise<string[]> {
    const id = normaliseId(parentId);
    const created: string[] = [];
    for (const chunk of planAppend(blocks)) {
      const results = await this.appendOnce(id, chunk.blocks, signal);
      created.push(...results.map((b) => b.id));
      const childIds = new Map<string, string[]>();
      for (const deferred of chunk.deferred) {
        const target = await this.blockAtPath(id, results, deferred.path, childIds, signal);
        await this.appendBlocks(target, deferred.children, signal);
      }
    }
    return created;
  }

  /** The id of the block at `path` (indexes from the appended top level down), listing children as needed. */
  private async blockAtPath(
    parentId: string,
    results: { id: string }[],
    path: number[],
    childIds: Map<string, string[]>,
    signal?: AbortSignal,
  ): Promise<string> {
    const top = results[path[0] ?? -1];
    if (!top) throw new NotionUnavailableError(`Append to ${parentId} returned ${results.length} blocks; expected more`, { ambiguous: false });
    let current = top.id;
    for (const index of path.slice(1)) {
      let ids = childIds.get(current);
      if (!ids) {
        ids = [];
        for await (const child of this.listChildren(current, signal)) ids.push(child.id);
        childIds.set(current, ids);
      }
      const next = ids[index];
      if (!next) throw new NotionUnavailableError(`Block ${current} has no child #${index} after append`, { ambiguous: false });
      current = next;
    }
    return current;
  }

  /** One append request. After an ambiguous failure, checks the parent's tail before retrying. */
  private async appendOnce(parentId: string, children: BlockRequest[], signal?: AbortSignal): Promise<{ id: string }[]> {
    return this.transport.call(
      'append blocks',
      async () => {
        const response = await this.transport.client.blocks.children.append({ block_id: parentId, children });
        return response.results.map((b) => ({ id: b.id }));
      },
      { policy: 'once', signal, recover: (startedAt, error) => this.probes.appendApplied(parentId, children, startedAt, error, signal) },
    );
  }
}
