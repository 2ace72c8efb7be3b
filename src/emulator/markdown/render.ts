// GET /v1/pages/:id/markdown bodies: v1 (enhanced markdown, Notion's default
// today) or v2 (Notion-flavored Markdown), with the drift knobs applied.
import type { Workspace } from '../workspace';
import { renderChunks, type MarkdownVersion, type RenderedPage } from './renderBase';
import { V1Renderer } from './renderV1';
import { V2Renderer, v2Separator } from './renderV2';

export type { MarkdownVersion, RenderedPage } from './renderBase';
export { MAX_RENDERED_BLOCKS } from './renderBase';

function renderer(ws: Workspace, pageId: string, version: MarkdownVersion) {
  return version === 'v2' ? new V2Renderer(ws, pageId) : new V1Renderer(ws, pageId);
}

/** v1 separates top-level blocks by a single newline, v2 by a blank line (list items stay tight). */
function separator(version: MarkdownVersion): (prev: string | undefined, next: string) => string {
  return version === 'v2' ? v2Separator : () => '\n';
}

export function renderPageMarkdown(ws: Workspace, pageId: string, version: MarkdownVersion = 'v1'): RenderedPage {
  return renderChunks(renderer(ws, pageId, version), ws, pageId, separator(version), ws.knobs.finalNewline);
}

/**
 * A page (or block) as a markdown call sees it, after the drift knobs that
 * change only its spelling: the version Notion answers in (a workspace still on
 * v1 answers v1 whatever was asked) and trailing spaces. PATCH matches edits
 * against this same text, as Notion matches against what it serves.
 */
export function servedMarkdown(ws: Workspace, id: string, requested: MarkdownVersion): RenderedPage & { version: MarkdownVersion } {
  const version = ws.knobs.markdownResponse === 'v1' ? 'v1' : requested;
  const r = ws.pages.has(id) ? renderPageMarkdown(ws, id, version) : renderBlockMarkdown(ws, id, version);
  if (ws.knobs.trailingSpaces === 'kept') return { ...r, version };
  const strip = (t: string) => t.replace(/[ \t]+$/gm, '');
  return { ...r, version, markdown: strip(r.markdown), chunks: r.chunks.map((c) => ({ ...c, text: strip(c.text) })) };
}

/** A single block and its subtree, for GET /v1/pages/:id/markdown with an `<unknown>` block id. */
export function renderBlockMarkdown(ws: Workspace, blockId: string, version: MarkdownVersion = 'v1'): RenderedPage {
  const owner = ws.owningPage(blockId);
  const r = renderer(ws, owner?.id ?? blockId, version);
  const text = r.block(blockId, 0, 1).join('\n');
  return { markdown: text, unknownBlockIds: r.unknown, truncated: r.truncated, chunks: [{ id: blockId, text }] };
}
