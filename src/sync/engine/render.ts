// A Notion page as a markdown file: engine-owned keys first, then the row's
// properties as typed frontmatter, then the page body as portable markdown
// (the document model's file form, not Notion's wire text).
import { createHash } from 'node:crypto';
import { parseDocument, serializeDocument } from '../documents/frontmatter';
import { bodyHash, parseNotion, toFile, type FileLinks, type Root } from '../markdown';
import { contentHash } from '../notion/markdown';
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

/** Frontmatter that changes with no change of content: never part of a hash. */
const VOLATILE_KEYS = new Set(['notion_url', 'notion_last_edited']);

/**
 * A page body from Notion as the document model. A NUL in Notion's text (a child
 * page's title, say) would make the whole file read as binary and drop out of
 * sync, so it never enters the model.
 */
export function notionModel(body: string): Root {
  return parseNotion(body.replaceAll('\0', ''), 'auto').root;
}

/** `body` is the page's markdown as Notion sent it (v2, or v1 from an older Notion). */
export function renderPageFile(page: NotionPage, body: string, lossy: Lossy | null, links?: FileLinks): string {
  return renderPageModel(page, notionModel(body), lossy, links);
}

/** A page as a file, from its body already parsed (notionModel): a pull parses each body once. */
export function renderPageModel(page: NotionPage, body: Root, lossy: Lossy | null, links?: FileLinks): string {
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
  // Frontmatter values are YAML-escaped (a NUL in a title included).
  return serializeDocument(fm, toFile(body, links));
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * The hash that decides change for a whole file: its frontmatter (key order
 * and volatile keys aside) and the canonical form of its body, so spelling
 * that does not change content (blank lines, trailing spaces, list markers,
 * Notion's drift) changes no hash.
 */
export function fileHash(text: string): string {
  const doc = parseDocument(text, 'file.md');
  if (!doc.ok) return contentHash(text);
  const fm = Object.fromEntries(Object.entries(doc.frontmatter).filter(([k]) => !VOLATILE_KEYS.has(k)));
  return createHash('sha256').update(JSON.stringify(stable(fm))).update('\n').update(bodyHash(doc.body)).digest('hex');
}
