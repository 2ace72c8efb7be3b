// A workspace-sized state database for the benchmarks that need one: N
// documents with their mappings, as a pull of N pages leaves them.
import type { StateStore } from '../src/sync/store';

export function fillWorkspace(store: StateStore, n: number): void {
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `doc-${i}`;
      const p = `notion/area-${i % 10}/folder-${Math.floor(i / 100)}/page-${i}.md`;
      const notionId = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      store.upsertDocument({
        id,
        path: p,
        title: `Page ${i}`,
        frontmatter: { notion_id: notionId, title: `Page ${i}`, tags: ['bench', `t${i % 7}`] },
        contentHash: 'a'.repeat(64),
        size: 900,
        mtimeMs: 1_700_000_000_000 + i,
        notionId,
      });
      store.upsertMap({
        localId: id,
        notionId,
        notionType: 'page',
        rootId: 'root',
        path: p,
        title: `Page ${i}`,
        url: `https://www.notion.so/${notionId.replace(/-/g, '')}`,
        remoteHash: 'b'.repeat(64),
        localHash: 'b'.repeat(64),
        notionLastEditedTime: '2026-01-01T00:00:00.000Z',
        publishedAt: 1_700_000_000_000,
        syncedAt: 1_700_000_000_000,
        state: 'synced',
      });
    }
  });
}
