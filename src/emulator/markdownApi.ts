// GET and PATCH /v1/pages/:id/markdown in both versions: `markdown_version`
// "v1" (enhanced markdown, the default as in Notion today) or "v2"
// (Notion-flavored Markdown). A synchronous v2 PATCH reports `warnings`.
import { notFound, validationError } from './errors';
import { Json, asObject } from './json';
import { parseByVersion } from './markdown/parseV2';
import { servedMarkdown, type MarkdownVersion, type RenderedPage } from './markdown/render';
import type { Knobs } from './knobs';
import type { BlockInput, PageRec } from './model';
import type { RichText } from './richText';
import { route } from './router';
import type { Workspace } from './workspace';

/**
 * `markdown_version` from a query or body; absent means v1, as in Notion today. With the
 * `markdownApi: "next"` knob (Notion's announced next version) v2 is the default and v1 is refused.
 */
export function markdownVersion(raw: unknown, where: string, knobs?: Pick<Knobs, 'markdownApi'>): MarkdownVersion {
  const next = knobs?.markdownApi === 'next';
  if (raw === undefined || raw === null) return next ? 'v2' : 'v1';
  if (raw === 'v1' && next) throw validationError(`${where}.markdown_version \`"v1"\` is no longer supported: enhanced markdown was retired; use \`"v2"\`.`);
  if (raw === 'v1' || raw === 'v2') return raw;
  throw validationError(`${where}.markdown_version should be \`"v1"\` or \`"v2"\`, instead was \`${JSON.stringify(raw)}\`.`);
}

function markdownJson(ws: Workspace, id: string, requested: MarkdownVersion, warnings: string[] = []): Json {
  const r = servedMarkdown(ws, id, requested);
  const version = r.version;
  const body: Json = { object: 'page_markdown', id, markdown: r.markdown, truncated: r.truncated, unknown_block_ids: r.unknownBlockIds };
  if (version === 'v2' && warnings.length) body.warnings = warnings.map((message) => ({ code: 'markdown_parser_warning', message }));
  return body;
}

function markdownTarget(ws: Workspace, id: string): PageRec {
  const page = ws.pages.get(id);
  if (page) return page;
  if (ws.blocks.has(id)) throw validationError(`${id} is a block; only pages can be updated as markdown.`);
  if (ws.databases.has(id)) throw validationError(`${id} is a database; only pages can be updated as markdown.`);
  throw notFound('page', id);
}

route('GET', '/v1/pages/:page_id/markdown', ({ ws, params, query }) => {
  const version = markdownVersion(query.get('markdown_version') ?? undefined, 'query', ws.knobs);
  // An <unknown> block id may be passed as page_id to fetch that subtree.
  const block = ws.blocks.get(params[0]);
  if (block && !block.inTrash) return markdownJson(ws, block.id, version);
  return markdownJson(ws, markdownTarget(ws, params[0]).id, version);
});

/** Where each top-level block's text sits in the page markdown (blocks are joined by separators, in order). */
function chunkRanges(markdown: string, chunks: Array<{ text: string }>): Array<[number, number]> {
  let at = 0;
  return chunks.map((c) => {
    const start = markdown.indexOf(c.text, at);
    at = start < 0 ? at : start + c.text.length;
    return start < 0 ? [-1, -1] : [start, start + c.text.length];
  });
}

/**
 * `update_content`: each `old_str` must match the current markdown exactly once (unless
 * replace_all_matches). Also counts the top-level blocks the matches covered.
 */
function applyUpdates(current: RenderedPage, raw: unknown): { next: string; covered: number } {
  const uc = asObject(raw);
  if (!Array.isArray(uc.content_updates)) throw validationError('body failed validation: body.update_content.content_updates should be an array.');
  let next = current.markdown;
  const ranges = chunkRanges(next, current.chunks);
  const covered = new Set<number>();
  for (const [i, item] of uc.content_updates.entries()) {
    const u = asObject(item);
    if (typeof u.old_str !== 'string' || typeof u.new_str !== 'string' || u.old_str === '') {
      throw validationError(`body failed validation: content_updates[${i}] needs non-empty old_str and new_str strings.`);
    }
    const oldStr = u.old_str;
    const newStr = u.new_str;
    const count = next.split(oldStr).length - 1;
    if (count === 0) throw validationError(`content_updates[${i}].old_str was not found in the page content.`);
    if (count > 1 && u.replace_all_matches !== true) {
      throw validationError(`content_updates[${i}].old_str matches ${count} times; it must match exactly once (or set replace_all_matches).`);
    }
    // Replace from the end, so the ranges before each match stay put.
    for (let at = next.lastIndexOf(oldStr); at >= 0; at = u.replace_all_matches === true && at > 0 ? next.lastIndexOf(oldStr, at - 1) : -1) {
      const end = at + oldStr.length;
      ranges.forEach((r, k) => {
        if (r[0] < 0) return;
        if (r[0] < end && r[1] > at) covered.add(k);
        if (r[0] >= end) ranges[k] = [r[0] + newStr.length - oldStr.length, r[1] + newStr.length - oldStr.length];
      });
      next = next.slice(0, at) + newStr + next.slice(end);
    }
  }
  return { next, covered: covered.size };
}

function applyInsert(current: string, raw: unknown, sep: string): string {
  const ic = asObject(raw);
  if (typeof ic.content !== 'string') throw validationError('body failed validation: body.insert_content.content should be a string.');
  if (typeof ic.after === 'string' && ic.position !== undefined) throw validationError('body failed validation: insert_content takes either after or position, not both.');
  if (typeof ic.after === 'string') {
    const at = current.indexOf(ic.after);
    if (at < 0) throw validationError('insert_content.after was not found in the page content.');
    const cut = at + ic.after.length;
    return `${current.slice(0, cut)}${sep}${ic.content}${current.slice(cut)}`;
  }
  if (asObject(ic.position).type === 'start') return `${ic.content}${sep}${current}`;
  return current ? `${current}${sep}${ic.content}` : ic.content;
}

route('PATCH', '/v1/pages/:page_id/markdown', ({ ws, params, body, actor, log }) => {
  const page = markdownTarget(ws, params[0]);
  if (page.inTrash) throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  const b = asObject(body);
  const requested = markdownVersion(b.markdown_version, 'body', ws.knobs);
  const current = servedMarkdown(ws, page.id, requested);
  const version = current.version;
  const command = asObject(b[String(b.type)]);
  let next: string;
  switch (b.type) {
    case 'replace_content':
      if (typeof command.new_str !== 'string') throw validationError('body failed validation: body.replace_content.new_str should be a string.');
      next = command.new_str;
      log.blocksCovered = current.chunks.length;
      break;
    case 'update_content': {
      const applied = applyUpdates(current, command);
      next = applied.next;
      log.blocksCovered = applied.covered;
      break;
    }
    case 'insert_content':
      next = applyInsert(current.markdown, command, version === 'v2' ? '\n\n' : '\n');
      break;
    default:
      throw validationError('body failed validation: body.type should be one of `replace_content`, `update_content`, `insert_content`.');
  }
  const parsed = parseByVersion(next, version);
  const items = parsed.items.map((i) => ({ ...i, input: withMentionTitles(ws, [i.input])[0] }));
  ws.replaceContent(page.id, items, current.chunks, command.allow_deleting_content === true, actor);
  return markdownJson(ws, page.id, requested, parsed.warnings);
});

/** Markdown names a mentioned page or database by URL only; the stored mention carries its title, as in Notion. */
export function withMentionTitles(ws: Workspace, inputs: BlockInput[]): BlockInput[] {
  const fix = (items: unknown): unknown =>
    Array.isArray(items)
      ? items.map((r: RichText | unknown[]) => {
          if (Array.isArray(r)) return fix(r);
          const m = r.type === 'mention' ? (r.mention as { type?: string; page?: { id: string }; database?: { id: string } }) : undefined;
          const id = m?.page?.id ?? m?.database?.id;
          const title = id ? ws.titleById(id) : undefined;
          return title !== undefined ? { ...r, plain_text: title } : r;
        })
      : items;
  return inputs.map((b) => ({
    ...b,
    payload: { ...b.payload, ...('rich_text' in b.payload ? { rich_text: fix(b.payload.rich_text) } : {}), ...('caption' in b.payload ? { caption: fix(b.payload.caption) } : {}), ...('cells' in b.payload ? { cells: fix(b.payload.cells) } : {}) },
    children: withMentionTitles(ws, b.children),
  }));
}
