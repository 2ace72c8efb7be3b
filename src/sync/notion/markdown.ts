// The pulled page body: Notion's enhanced markdown, normalised so that equal
// content hashes equal, with what it cannot represent flagged as lossy.
import { createHash } from 'node:crypto';
import { parseNotionId } from './ids';
import type { Lossy, RawBlock, Resource, ResourceKind } from './types';
import { decodeEntities } from '../markdown/tags';

/** Line endings to LF, no trailing whitespace, exactly one final newline. */
export function normaliseMarkdown(markdown: string): string {
  const lines = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const trimmed = lines.map((line) => line.replace(/[ \t]+$/, ''));
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return trimmed.length === 0 ? '' : `${trimmed.join('\n')}\n`;
}

const URL_IN_TEXT = /https?:\/\/[^\s)"'<>\]]+/g;

/**
 * Drops pre-signed `X-Amz-*` query parameters from every URL: Notion signs
 * file URLs anew on each read, so they would change the hash on every pull.
 */
export function stripPresignedParams(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => {
    const q = url.indexOf('?');
    if (q < 0 || !/x-amz-/i.test(url)) return url;
    const hashAt = url.indexOf('#', q);
    const query = url.slice(q + 1, hashAt < 0 ? undefined : hashAt);
    const fragment = hashAt < 0 ? '' : url.slice(hashAt);
    const separator = query.includes('&amp;') ? '&amp;' : '&';
    const kept = query.split(separator).filter((p) => p !== '' && !/^x-amz-/i.test(p));
    return `${url.slice(0, q)}${kept.length > 0 ? `?${kept.join(separator)}` : ''}${fragment}`;
  });
}

/** sha-256 hex of the normalised body, pre-signed URL parameters removed. */
export function contentHash(markdown: string): string {
  return createHash('sha256').update(stripPresignedParams(normaliseMarkdown(markdown)), 'utf8').digest('hex');
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

const TAG = /<([a-z][a-z0-9-]*)((?:\s+[a-z_:][a-z0-9_:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*\/?>/gi;
const ATTR = /([a-z_:][a-z0-9_:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/gi;

/** Markdown with fenced code blocks blanked out, so their text is not parsed. */
function withoutCode(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === null && m?.[1]) {
      fence = m[1];
      out.push('');
    } else if (fence !== null) {
      if (m?.[1] && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = null;
      out.push('');
    } else {
      out.push(line.replace(/`[^`\n]*`/g, ''));
    }
  }
  return out.join('\n');
}

function tags(markdown: string): Tag[] {
  const found: Tag[] = [];
  for (const m of withoutCode(markdown).matchAll(TAG)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) {
      if (a[1]) attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? '');
    }
    found.push({ name: (m[1] ?? '').toLowerCase(), attrs });
  }
  return found;
}

/**
 * What the markdown does not represent: a truncated body, blocks listed in
 * `unknown_block_ids`, and `<unknown …/>` placeholders. Null when none.
 */
export function detectLossy(markdown: string, truncated: boolean, unknownBlockIds: readonly string[] = []): Lossy | null {
  const ids = new Set(unknownBlockIds.map((id) => parseNotionId(id) ?? id));
  let placeholders = 0;
  for (const tag of tags(markdown)) {
    if (tag.name !== 'unknown') continue;
    placeholders++;
    const url = tag.attrs.url ?? '';
    const fragment = url.includes('#') ? url.slice(url.indexOf('#') + 1) : '';
    const id = parseNotionId(fragment) ?? parseNotionId(url);
    if (id) ids.add(id);
  }
  if (!truncated && ids.size === 0 && placeholders === 0) return null;
  return { truncated, unknownBlockIds: [...ids] };
}

const VIDEO = /\.(mp4|mov|webm|m4v|avi|mkv|ogv)(?:$|[?#])/i;
const AUDIO = /\.(mp3|wav|ogg|oga|m4a|flac|aac)(?:$|[?#])/i;
const PDF = /\.pdf(?:$|[?#])/i;
const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|tiff?|heic|avif)(?:$|[?#])/i;
const NOTION_FILE_HOST = /^https?:\/\/(?:prod-files-secure\.s3[^/]*\.amazonaws\.com|s3[^/]*\.amazonaws\.com\/secure\.notion-static\.com|file\.notion\.so)\//i;
const VIDEO_HOST = /^https?:\/\/(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com|loom\.com)\//i;

function kindOfLink(url: string): ResourceKind {
  if (PDF.test(url)) return 'pdf';
  if (VIDEO.test(url) || VIDEO_HOST.test(url)) return 'video';
  if (AUDIO.test(url)) return 'audio';
  if (NOTION_FILE_HOST.test(url)) return IMAGE.test(url) ? 'image' : 'file';
  return 'link';
}

const TAG_KINDS: Record<string, ResourceKind> = {
  image: 'image',
  img: 'image',
  video: 'video',
  audio: 'audio',
  file: 'file',
  pdf: 'pdf',
  embed: 'embed',
  bookmark: 'bookmark',
  'link-preview': 'bookmark',
};

function unescapeUrl(url: string): string {
  return url.replace(/\\([\\()[\]_*~`$<>{}|^])/g, '$1');
}

function plain(richText: unknown): string | undefined {
  if (!Array.isArray(richText)) return undefined;
  const text = richText.map((r: { plain_text?: string }) => r.plain_text ?? '').join('');
  return text === '' ? undefined : text;
}

/** Links, images, files, videos, pdfs, bookmarks and embeds of a raw block. */
export function resourceOfBlock(block: RawBlock): Resource | null {
  const media = (kind: ResourceKind, value: unknown): Resource | null => {
    const v = value as { type?: string; external?: { url: string }; file?: { url: string }; url?: string; caption?: unknown };
    const url = v.url ?? v.external?.url ?? v.file?.url;
    if (!url) return null;
    const title = plain(v.caption);
    return { kind, url, blockId: block.id, ...(title ? { title } : {}) };
  };
  switch (block.type) {
    case 'bookmark':
      return media('bookmark', block.bookmark);
    case 'link_preview':
      return media('bookmark', block.link_preview);
    case 'embed':
      return media('embed', block.embed);
    case 'image':
      return media('image', block.image);
    case 'video':
      return media('video', block.video);
    case 'audio':
      return media('audio', block.audio);
    case 'pdf':
      return media('pdf', block.pdf);
    case 'file':
      return media('file', block.file);
    default:
      return null;
  }
}

/**
 * Every external thing a body points at. Bookmarks and embeds come out of
 * the markdown endpoint as `<unknown>`; pass their fetched blocks to get them.
 */
export function extractResources(markdown: string, blocks: readonly RawBlock[] = []): Resource[] {
  const found: Resource[] = [];
  const text = withoutCode(markdown);
  for (const m of text.matchAll(/(!?)\[((?:\\.|[^\]\\])*)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const url = unescapeUrl(m[3] ?? '');
    if (!/^(https?:|mailto:)/i.test(url)) continue;
    const title = (m[2] ?? '').replace(/\\(.)/g, '$1');
    const kind: ResourceKind = m[1] === '!' ? 'image' : kindOfLink(url);
    found.push({ kind, url, ...(title ? { title } : {}) });
  }
  for (const m of text.matchAll(/<(https?:\/\/[^\s>]+)>/g)) {
    if (m[1]) found.push({ kind: kindOfLink(m[1]), url: m[1] });
  }
  for (const tag of tags(markdown)) {
    const kind = TAG_KINDS[tag.name];
    const url = tag.attrs.src ?? tag.attrs.url ?? tag.attrs.href;
    if (!kind || !url) continue;
    const title = tag.attrs.caption ?? tag.attrs.alt ?? tag.attrs.title;
    found.push({ kind, url, ...(title ? { title } : {}) });
  }
  for (const block of blocks) {
    const resource = resourceOfBlock(block);
    if (resource) found.push(resource);
  }
  const seen = new Set<string>();
  return found.filter((r) => {
    const key = `${r.kind} ${stripPresignedParams(r.url)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
