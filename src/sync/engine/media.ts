// Media of a page: the images, files, PDFs, audio and video its body holds,
// which of them Notion hosts (signed URLs, identified by their X-Amz-*
// signature, never by host name), and where their local copies live: a folder
// beside the page's file named after it, `Page.md` → `Page.media/`.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import { safeFileName, nameKey } from '../documents/names';
import { stripSignature } from '../markdown';

export const MEDIA_KINDS = ['image', 'pdf', 'file', 'audio', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaRef {
  kind: MediaKind;
  /** As the body has it (signed, for hosted files). */
  url: string;
  /** The URL without its signature: the same on every read of the same file. */
  stable: string;
  /** A file Notion hosts (else an external link). */
  hosted: boolean;
  caption: string;
}

const SIGNED = /[?&]x-amz-(?:signature|algorithm|credential)=/i;
/** Where a pushed upload sits in the page until it is attached to its block (see mediaPush.ts). */
export const PLACEHOLDER = 'https://notion-sync.invalid/upload/';

/** A pre-signed file URL (Notion-hosted files and uploads come back so). */
export function isSigned(url: string): boolean {
  return SIGNED.test(url);
}

/** The media folder of a page's file. */
export function mediaDir(pagePath: string): string {
  return `${pagePath.replace(/\.md$/i, '')}.media`;
}

function textOf(nodes: readonly Nodes[]): string {
  return nodes.map((n) => ('value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? textOf(n.children as Nodes[]) : '')).join('');
}

/** Every medium in a model, in document order (nested blocks included). */
export function mediaIn(root: Root): MediaRef[] {
  const out: MediaRef[] = [];
  const add = (kind: MediaKind, url: string, caption: string) => {
    if (/^https?:\/\//i.test(url)) out.push({ kind, url, stable: stripSignature(url), hosted: isSigned(url), caption });
  };
  const walk = (nodes: readonly Nodes[]) => {
    for (const n of nodes) {
      if (n.type === 'image') add('image', n.url, n.alt ?? '');
      else if (n.type === 'notionMedia' && (MEDIA_KINDS as readonly string[]).includes(n.kind)) add(n.kind as MediaKind, n.url, textOf(n.children));
      if (n.type === 'toggle') walk(n.title);
      if ('children' in n) walk(n.children as Nodes[]);
    }
  };
  walk(root.children);
  return out;
}

const EXT_BY_KIND: Record<MediaKind, string> = { image: '.png', pdf: '.pdf', file: '.bin', audio: '.mp3', video: '.mp4' };

/** A safe local file name from the URL's last path segment ("Design%20review.pdf" → "Design review.pdf"). */
export function fileNameOf(stableUrl: string, kind: MediaKind): string {
  let last = '';
  try {
    last = decodeURIComponent(new URL(stableUrl).pathname.split('/').pop() ?? '');
  } catch {
    last = '';
  }
  const ext = (path.posix.extname(last).match(/^\.[A-Za-z0-9]{1,8}$/)?.[0] ?? EXT_BY_KIND[kind]).toLowerCase();
  const stem = safeFileName(last.slice(0, last.length - path.posix.extname(last).length), { fallback: kind, maxBytes: 80 });
  return `${stem}${ext}`;
}

/** `name` if no other medium of the folder has it (case-insensitively), else `stem (abcd).ext`. */
export function freeName(name: string, taken: ReadonlySet<string>, hint: string): string {
  const keys = new Set([...taken].map(nameKey));
  if (!keys.has(nameKey(name))) return name;
  const ext = path.posix.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const hex = createHash('sha256').update(hint).digest('hex');
  for (let len = 4; len <= hex.length; len += 4) {
    const candidate = `${stem} (${hex.slice(0, len)})${ext}`;
    if (!keys.has(nameKey(candidate))) return candidate;
  }
  throw new Error(`no free name for ${name}`);
}
