// Notion page URLs in their several spellings (`www.notion.so/Title-<id>`,
// `app.notion.com/p/<id>`, bare ids, block anchors) reduced to the page id,
// so a change of host or title slug is not a change of content.

const HEX32 = /([0-9a-f]{32})(?![0-9a-f])/i;
const DASHED = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const NOTION_HOST = /^https?:\/\/(?:[a-z0-9-]+\.)?(?:notion\.so|notion\.site|notion\.com)\//i;
/** Notion's own form of a link to one of its pages (`/<id>`, as the block API's `href` has it). */
const NOTION_PATH = /^\/[0-9a-f]{32}(?:[?#]|$)/i;

function isNotionUrl(url: string): boolean {
  return NOTION_HOST.test(url) || NOTION_PATH.test(url);
}

/** The dashed page id a Notion URL points at (not its `#block` anchor), or null. */
export function notionIdOf(url: string): string | null {
  if (!isNotionUrl(url)) return null;
  const path = url.split(/[?#]/)[0] ?? '';
  const m = DASHED.exec(path) ?? HEX32.exec(path);
  return m?.[1] ? dashedId(m[1]) : null;
}

/** The block a Notion URL's `#fragment` names (dashed), or null: `…/Page-<id>#<block id>`. */
export function notionAnchorOf(url: string): string | null {
  if (!isNotionUrl(url)) return null;
  const fragment = url.slice(url.indexOf('#') + 1);
  return url.includes('#') ? dashedId(fragment) : null;
}

/** A 32-digit id (dashed or not) as the dashed form; null for anything else. */
export function dashedId(text: string): string | null {
  const hex = /^[0-9a-f]{32}$/i.test(text) ? text : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? text.replace(/-/g, '') : null;
  if (!hex) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `/<id>` as a full Notion URL (a file may not hold a path that leads nowhere outside Notion); other URLs as they are. */
export function absoluteNotionUrl(url: string): string {
  return NOTION_PATH.test(url) ? `https://www.notion.so${url}` : url;
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

/** A link's `#fragment` as text (`caf%C3%A9` → `café`); as written when it is no valid escape. */
export function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
