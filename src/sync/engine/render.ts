// A Notion page as a markdown file: engine-owned keys first, then the row's
// properties as typed frontmatter, then Notion's own markdown for the body.
import { serializeDocument } from '../documents/frontmatter';
import { contentHash, normaliseMarkdown } from '../notion/markdown';
import { propertiesToFrontmatter } from '../notion/properties';
import type { Lossy, NotionPage } from '../notion/types';

export const ENGINE_KEYS = ['notion_id', 'notion_url', 'notion_last_edited', 'title', 'notion_partial'] as const;

export function renderPageFile(page: NotionPage, body: string, lossy: Lossy | null): string {
  const fm: Record<string, unknown> = {
    notion_id: page.id,
    notion_url: page.url,
    notion_last_edited: page.lastEditedTime,
    title: page.title,
  };
  if (lossy) fm.notion_partial = true;
  if (page.parent.type === 'data_source' || page.parent.type === 'database') {
    const { values } = propertiesToFrontmatter(page.properties);
    for (const [name, value] of Object.entries(values)) {
      if (page.properties[name]?.type === 'title') continue;
      const key = (ENGINE_KEYS as readonly string[]).includes(name) ? `${name} (property)` : name;
      fm[key] = value;
    }
  }
  // A NUL in Notion's text (a child page's title, say) would make the whole file
  // read as binary and drop out of sync; frontmatter values are YAML-escaped.
  return serializeDocument(fm, normaliseMarkdown(body.replaceAll('\0', '')));
}

/** The hash that decides change for a whole file (frontmatter + body). */
export function fileHash(text: string): string {
  return contentHash(text);
}
