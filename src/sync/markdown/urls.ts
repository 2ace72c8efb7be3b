// Notion page URLs in their several spellings (`www.notion.so/Title-<id>`,
// `app.notion.com/p/<id>`, bare ids, block anchors) reduced to the page id,
// so a change of host or title slug is not a change of content.

const HEX32 = /([0-9a-f]{32})(?![0-9a-f])/i;
const DASHED = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const NOTION_HOST = /^https?:\/\/(?:[a-z0-9-]+\.)?(?:notion\.so|notion\.site|notion\.com)\//i;

/** The dashed page id a Notion URL points at (not its `#block` anchor), or null. */
export function notionIdOf(url: string): string | null {
  if (!NOTION_HOST.test(url)) return null;
  const path = url.split(/[?#]/)[0] ?? '';
  const m = DASHED.exec(path) ?? HEX32.exec(path);
  const hex = (m?.[1] ?? '').replace(/-/g, '').toLowerCase();
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Notion-signed file URLs lose their `X-Amz-*` parameters: they change on every read. */
export function stripSignature(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 || !/x-amz-/i.test(url)) return url;
  const hashAt = url.indexOf('#', q);
  const query = url.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const kept = query.split('&').filter((p) => p !== '' && !/^x-amz-/i.test(p));
  return `${url.slice(0, q)}${kept.length ? `?${kept.join('&')}` : ''}${hashAt < 0 ? '' : url.slice(hashAt)}`;
}
