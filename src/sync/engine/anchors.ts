// Heading anchors of links into a synced page. Notion links to a block by its
// id (`…/Page-<id>#<block id>`); a file links to a heading by the slug GitHub
// and VS Code's preview give it (`Page.md#how-we-build`). The two meet in the
// page's heading blocks, listed once per run and only for pages some link
// points into by anchor. A block that is no heading keeps its id as the
// fragment (`Page.md#<block id>`): the link still opens the page's file, and
// goes back to the same block.
import GithubSlugger from 'github-slugger';
import { dashedId, linkTargets, notionAnchorOf, notionIdOf } from '../markdown';
import type { NotionGateway } from '../notion/gateway';
import type { RawBlock } from '../notion/types';
import type { EngineContext } from './context';
import { pageLinks, type AnchorLookup } from './pageLinks';

const hex = (id: string) => id.replace(/-/g, '').toLowerCase();

/** Blocks whose children show in the file as markdown (so their headings get slugs too). */
const CONTAINERS = new Set(['column_list', 'column', 'toggle', 'callout', 'quote', 'synced_block']);
const MAX_DEPTH = 4;

interface Heading {
  block: string;
  slug: string;
}

function plainText(block: RawBlock): string {
  const body = (block as unknown as Record<string, { rich_text?: Array<{ plain_text?: string }> }>)[block.type];
  return (body?.rich_text ?? []).map((t) => t.plain_text ?? '').join('');
}

function isToggleHeading(block: RawBlock): boolean {
  const body = (block as unknown as Record<string, { is_toggleable?: boolean }>)[block.type];
  return body?.is_toggleable === true;
}

/** Per run (like layout's case index): a heading renamed in Notion gets its new slug on the next run. */
const books = new WeakMap<object, AnchorBook>();

export function anchorBook(ctx: EngineContext): AnchorBook {
  let book = books.get(ctx.store);
  if (!book) {
    book = new AnchorBook(ctx.gateway);
    books.set(ctx.store, book);
  }
  return book;
}

export function forgetAnchors(ctx: EngineContext): void {
  books.delete(ctx.store);
}

export class AnchorBook implements AnchorLookup {
  private readonly pending = new Map<string, Promise<Heading[]>>();
  private readonly listed = new Map<string, Heading[]>();
  private readonly slugs = new Map<string, string>();

  constructor(private readonly gateway: NotionGateway) {}

  /** Reads a page's headings (once per run), with the slugs its file's headings get. */
  async read(pageId: string, signal?: AbortSignal): Promise<void> {
    const key = hex(pageId);
    if (this.listed.has(key)) return;
    let list = this.pending.get(key);
    if (!list) {
      list = this.list(pageId, signal);
      this.pending.set(key, list);
    }
    try {
      const headings = await list;
      this.listed.set(key, headings);
      for (const h of headings) this.slugs.set(h.block, h.slug);
    } finally {
      this.pending.delete(key);
    }
  }

  private async list(pageId: string, signal?: AbortSignal): Promise<Heading[]> {
    const found: Array<{ block: string; text: string }> = [];
    const walk = async (id: string, depth: number): Promise<void> => {
      for await (const b of this.gateway.listChildren(id, signal)) {
        const heading = /^heading_\d$/.test(b.type);
        // A toggle heading is a <details> summary in the file: no anchor of its own, but its children have theirs.
        if (heading && !isToggleHeading(b)) found.push({ block: hex(b.id), text: plainText(b) });
        if (b.has_children && depth < MAX_DEPTH && (CONTAINERS.has(b.type) || heading)) await walk(b.id, depth + 1);
      }
    };
    await walk(pageId, 0);
    const slugger = new GithubSlugger();
    return found.map((h) => ({ block: h.block, slug: slugger.slug(h.text) }));
  }

  slugOf(blockId: string): string | null {
    return this.slugs.get(hex(blockId)) ?? null;
  }

  blockOf(pageId: string, slug: string): string | null {
    return this.listed.get(hex(pageId))?.find((h) => h.slug === slug)?.block ?? null;
  }
}

function isSynced(ctx: EngineContext, id: string): boolean {
  const m = ctx.store.getMapByNotionId(id);
  return !!m && m.state !== 'trashed' && m.notionType === 'page';
}

const NOTION_ANCHORED = /https?:\/\/[^\s"'<>()]*notion\.(?:so|site|com)\/[^\s"'<>()#]*#[0-9a-f-]{32,36}/gi;

/** The headings of every synced page that `text` (Notion's, or a file's) links into with a Notion block URL. */
export async function anchorsForNotion(ctx: EngineContext, text: string, signal?: AbortSignal): Promise<AnchorLookup> {
  const book = anchorBook(ctx);
  for (const url of new Set(text.match(NOTION_ANCHORED) ?? [])) {
    const id = notionIdOf(url);
    if (id && notionAnchorOf(url) && isSynced(ctx, id)) await book.read(id, signal);
  }
  return book;
}

/** The headings of every synced page the file's links name a `#fragment` of (the page itself for `#heading`). */
export async function anchorsForFile(ctx: EngineContext, filePath: string, body: string, signal?: AbortSignal): Promise<AnchorLookup> {
  const book = anchorBook(ctx);
  const links = pageLinks(ctx.store, filePath);
  const self = ctx.store.getMapByPath(filePath)?.notionId;
  for (const { url } of linkTargets(body)) {
    const hash = url.indexOf('#');
    if (hash < 0 || dashedId(url.slice(hash + 1))) continue;
    const id = hash === 0 ? self : links.idFor(url);
    if (id && isSynced(ctx, id)) await book.read(id, signal);
  }
  return book;
}
