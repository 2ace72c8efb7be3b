// Notion ids come dashed, undashed, or inside URLs; the engine stores them dashed.
import { extractNotionId } from '@notionhq/client';

const DASHED = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

function dash(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The dashed, lower-case id in an id or Notion URL, or null. For a database
 * URL with `?v=<view>`, the database id in the path wins over the view id.
 */
export function parseNotionId(idOrUrl: string): string | null {
  const text = idOrUrl.trim();
  if (text === '') return null;
  const fromSdk = extractNotionId(text);
  if (fromSdk) return fromSdk;
  // `collection://<dashed uuid>` (data source URLs) and other dashed forms.
  const dashed = DASHED.exec(text);
  return dashed?.[1] ? dashed[1].toLowerCase() : null;
}

/** Like parseNotionId but throws a clear error for text with no id. */
export function normaliseId(idOrUrl: string): string {
  const id = parseNotionId(idOrUrl);
  if (!id) throw new TypeError(`Not a Notion id or URL: "${idOrUrl.slice(0, 200)}"`);
  return id;
}

/** Compares ids regardless of dashes and case. */
export function sameId(a: string, b: string): boolean {
  return a.replace(/-/g, '').toLowerCase() === b.replace(/-/g, '').toLowerCase();
}

export { dash as dashId };
