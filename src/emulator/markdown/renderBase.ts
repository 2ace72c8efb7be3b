// What the v1 and v2 renderers share: the walk over a page's children, the
// `<unknown>` bookkeeping (any `<unknown>` makes the page `truncated`, as in
// Notion), synced-block resolution and media URLs.
import { notionUrl } from '../ids';
import type { Json } from '../json';
import type { BlockRec } from '../model';
import type { Workspace } from '../workspace';

export type MarkdownVersion = 'v1' | 'v2';

export interface RenderedPage {
  markdown: string;
  unknownBlockIds: string[];
  truncated: boolean;
  /** The markdown of each top-level block, for diff-based content updates. */
  chunks: Array<{ id: string; text: string }>;
}

/** Notion truncates above ≈20,000 blocks. */
export const MAX_RENDERED_BLOCKS = 20_000;

/** Block types rendered as `<unknown>` in both versions (v2 adds bookmark and embed tags). */
export const ALWAYS_UNKNOWN = new Set(['link_preview', 'breadcrumb', 'template', 'unsupported', 'link_to_page', 'child_page_link']);

export abstract class BaseRenderer {
  readonly unknown: string[] = [];
  count = 0;
  truncated = false;

  constructor(
    protected readonly ws: Workspace,
    protected readonly pageId: string,
  ) {}

  /** The lines of one block and its subtree at `depth`; `number` is its position in a numbered run. */
  abstract block(id: string, depth: number, number: number): string[];

  /** Renders the children of a page or block, numbering runs of numbered items. */
  protected childLines(containerId: string, depth: number, separator: (prev: string | undefined, next: string) => string[]): string[] {
    const lines: string[] = [];
    let number = 0;
    let prev: string | undefined;
    for (const id of this.ws.childIds(this.contentOf(containerId))) {
      const type = this.typeOf(id);
      number = type === 'numbered_list_item' ? number + 1 : 0;
      if (lines.length) lines.push(...separator(prev, type));
      lines.push(...this.block(id, depth, number));
      prev = type;
    }
    return lines;
  }

  /** A synced-block reference shows its original's children. */
  protected contentOf(id: string): string {
    const b = this.ws.blocks.get(id);
    if (b?.type !== 'synced_block') return id;
    const from = b.payload.synced_from as Json | null | undefined;
    const original = typeof from?.block_id === 'string' ? from.block_id : undefined;
    return original && this.ws.blocks.has(original) ? original : id;
  }

  typeOf(id: string): string {
    if (this.ws.pages.has(id)) return 'child_page';
    if (this.ws.databases.has(id)) return 'child_database';
    return this.ws.blocks.get(id)?.type ?? 'unsupported';
  }

  /** Counts a block; past Notion's load limit it becomes an `<unknown>`. */
  protected overLimit(): boolean {
    if (++this.count <= MAX_RENDERED_BLOCKS) return false;
    this.truncated = true;
    return true;
  }

  /** `<unknown url="…#block" alt="type"/>`; Notion flags the page as truncated whenever one appears. */
  unknownLine(id: string, alt: string, ind: string): string[] {
    if (this.unknown.length < 100) this.unknown.push(id);
    this.truncated = true;
    return [`${ind}<unknown url="${this.blockUrl(id)}" alt="${alt}"/>`];
  }

  /** `https://…/<page>#<block>` (no title slug), with the host knob. */
  protected blockUrl(id: string): string {
    return `${notionUrl('', this.pageId, this.ws.knobs.pageUrlHost)}#${id.replace(/-/g, '')}`;
  }

  /** A synced block's own URL (its page and its id). */
  protected syncedUrl(b: BlockRec): string {
    const owner = this.ws.owningPage(b.id);
    return `${notionUrl('', owner?.id ?? this.pageId, this.ws.knobs.pageUrlHost)}#${b.id.replace(/-/g, '')}`;
  }

  protected dataSourceUrl(databaseId: string): string | undefined {
    const ds = this.ws.databases.get(databaseId)?.dataSourceIds[0];
    return ds ? `collection://${ds}` : undefined;
  }

  /** External URLs as stored; Notion-hosted files signed anew on every read. */
  protected mediaUrl(p: Json): string {
    const hosted = (p.file as Json | undefined)?.file_id;
    if (p.type === 'file' && typeof hosted === 'string') return this.ws.files.sign(hosted).url;
    const ext = (p.external ?? p.file) as Json | undefined;
    return String(ext?.url ?? '');
  }
}

/** The page's top-level chunks joined by `sep(prev, next)`, plus the renderer's bookkeeping. */
export function renderChunks(r: BaseRenderer, ws: Workspace, pageId: string, sep: (prev: string | undefined, next: string) => string, finalNewline: boolean): RenderedPage {
  const chunks: Array<{ id: string; text: string }> = [];
  let markdown = '';
  let number = 0;
  let prev: string | undefined;
  for (const id of ws.childIds(pageId)) {
    const type = r.typeOf(id);
    number = type === 'numbered_list_item' ? number + 1 : 0;
    const text = r.block(id, 0, number).join('\n');
    if (chunks.length) markdown += sep(prev, type);
    markdown += text;
    chunks.push({ id, text });
    prev = type;
  }
  if (finalNewline && markdown) markdown += '\n';
  return { markdown, unknownBlockIds: r.unknown, truncated: r.truncated, chunks };
}
