// binder_resources: links, bookmarks, embeds and files found in synced pages,
// replaced wholesale each time a page is converted.
import type { StoreContext } from './context';
import { int, text, textOrNull, type Row } from './sqlite';
import type { ResourceInput, ResourceKind, ResourceRow } from './types';

const KINDS: readonly ResourceKind[] = ['link', 'bookmark', 'embed', 'image', 'file', 'video', 'pdf'];
const SELECT = 'SELECT id, page_notion_id, kind, url, title FROM binder_resources';

function toRow(r: Row): ResourceRow {
  return {
    id: int(r, 'id'),
    pageNotionId: text(r, 'page_notion_id'),
    kind: text(r, 'kind') as ResourceKind,
    url: text(r, 'url'),
    title: textOrNull(r, 'title'),
  };
}

export function listResources(ctx: StoreContext, pageNotionId?: string): ResourceRow[] {
  const rows =
    pageNotionId === undefined
      ? ctx.db.all(`${SELECT} ORDER BY page_notion_id, id`)
      : ctx.db.all(`${SELECT} WHERE page_notion_id = ? ORDER BY id`, [pageNotionId]);
  return rows.map(toRow);
}

export function replaceResources(ctx: StoreContext, pageNotionId: string, rows: readonly ResourceInput[]): ResourceRow[] {
  for (const row of rows) if (!KINDS.includes(row.kind)) throw new Error(`unknown resource kind: ${String(row.kind)}`);
  return ctx.db.transaction(() => {
    ctx.db.run('DELETE FROM binder_resources WHERE page_notion_id = ?', [pageNotionId]);
    for (const row of rows) {
      ctx.db.run('INSERT INTO binder_resources (page_notion_id, kind, url, title) VALUES (?, ?, ?, ?)', [pageNotionId, row.kind, row.url, row.title ?? null]);
    }
    return listResources(ctx, pageNotionId);
  });
}
