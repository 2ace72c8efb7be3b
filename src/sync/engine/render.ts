// A Notion page as a markdown file: engine-owned keys first, then the row's
// properties as typed frontmatter, then Notion's own markdown for the body.
import { serializeDocument } from '../documents/frontmatter';
import { contentHash, normaliseMarkdown } from '../notion/markdown';
import { propertiesToFrontmatter } from '../notion/properties';
import type { Lossy, NotionPage } from '../notion/types';

export const ENGINE_KEYS = ['notion_id', 'notion_url', 'notion_last_edited', 'title', 'notion_partial'] as const;

const PROPERTY_SUFFIX = ' (property)';

/**
 * The frontmatter key of a database property. A name the engine uses itself
 * (`notion_id`, `title`…) gets the suffix, and so does a name that already ends
 * with it, so `notion_id` and `notion_id (property)` never share a key.
 */
export function propertyKey(name: string): string {
  return (ENGINE_KEYS as readonly string[]).includes(name) || name.endsWith(PROPERTY_SUFFIX) ? name + PROPERTY_SUFFIX : name;
}

/** The property a frontmatter key stands for (the inverse of propertyKey); null for engine keys and keys no property has. */
export function propertyNameOf(key: string): string | null {
  if (key.endsWith(PROPERTY_SUFFIX)) {
    const name = key.slice(0, -PROPERTY_SUFFIX.length);
    if (propertyKey(name) === key) return name;
  }
  return propertyKey(key) === key ? key : null;
}

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
      fm[propertyKey(name)] = value;
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
