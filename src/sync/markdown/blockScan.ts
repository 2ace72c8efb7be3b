// Splits Notion text into runs of plain markdown (parsed by remark) and
// Notion block tags (`<callout>…</callout>`, `<page …>T</page>`, `<unknown/>`),
// keeping each top-level block's exact offsets: the push cuts `old_str` from
// Notion's own text by these offsets.
import type { Position } from 'unist';
import type { RootContent } from 'mdast';
import { findClose, readTag, type TagToken } from './tags';

export const BLOCK_TAGS = new Set([
  'callout', 'toggle', 'columns', 'column', 'page', 'database', 'folder', 'synced-block', 'synced-block-reference',
  'table-of-contents', 'unknown', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'quote', 'ul', 'ol', 'li', 'todo', 'image', 'pdf', 'file',
  'audio', 'video', 'bookmark', 'embed', 'equation', 'table', 'tabs', 'meeting-notes', 'mail', 'custom-block',
  'external_object_instance', 'empty-block', 'link-preview', 'breadcrumb', 'template',
]);

export interface TagBlock {
  tag: TagToken;
  /** Offsets in the scanned text. */
  start: number;
  end: number;
  /** Text between the opening and the closing tag ('' when self-closing). */
  inner: string;
  innerStart: number;
  /** The block's exact text, tags included. */
  raw: string;
}

export interface ScanHandlers {
  run(text: string, start: number): RootContent[];
  tag(block: TagBlock): RootContent;
}

/** Fenced code and `$$` math bodies blanked out (same length), so tags inside them are not seen. */
export function maskCode(src: string): string {
  let fence: string | null = null;
  return src
    .split('\n')
    .map((line) => {
      if (fence !== null) {
        if (closesFence(line, fence)) fence = null;
        return ' '.repeat(line.length);
      }
      const open = /^ {0,3}(`{3,}|~{3,}|\$\$)/.exec(line)?.[1];
      if (open && !(open === '$$' && line.trim() !== '$$')) fence = open;
      return line;
    })
    .join('\n');
}

function closesFence(line: string, fence: string): boolean {
  const t = line.trim();
  if (fence === '$$') return t === '$$';
  return t.length >= fence.length && t === fence[0]!.repeat(t.length);
}

export function position(start: number, end: number): Position {
  return { start: { line: 1, column: 1, offset: start }, end: { line: 1, column: 1, offset: end } };
}

function extentOf(src: string, masked: string, at: number, tag: TagToken): TagBlock | null {
  const afterOpen = at + tag.length;
  if (tag.selfClosing) return { tag, start: at, end: afterOpen, inner: '', innerStart: afterOpen, raw: src.slice(at, afterOpen) };
  const close = findClose(masked, tag.name, afterOpen);
  if (close === -1) return null;
  return { tag, start: at, end: close.end, inner: src.slice(afterOpen, close.start), innerStart: afterOpen, raw: src.slice(at, close.end) };
}

/** Scans `src` (whose offset in the whole text is `base`) into top-level blocks. */
export function scanBlocks(src: string, base: number, on: ScanHandlers): RootContent[] {
  const masked = maskCode(src);
  const out: RootContent[] = [];
  let runStart = 0;
  let pos = 0;
  const flush = (end: number) => {
    const text = src.slice(runStart, end);
    if (text.trim() !== '') out.push(...on.run(text, base + runStart));
  };
  while (pos < src.length) {
    const eol = masked.indexOf('\n', pos);
    const next = eol < 0 ? src.length : eol + 1;
    const tag = masked.startsWith('<', pos) ? readTag(masked, pos) : null;
    const block = tag && !tag.closing && BLOCK_TAGS.has(tag.name) ? extentOf(src, masked, pos, tag) : null;
    if (!block) {
      pos = next;
      continue;
    }
    flush(pos);
    const lineEnd = masked.indexOf('\n', block.end);
    out.push(on.tag({ ...block, start: base + block.start, end: base + block.end, innerStart: base + block.innerStart }));
    pos = lineEnd < 0 ? src.length : lineEnd + 1;
    runStart = pos;
  }
  flush(src.length);
  return out;
}
