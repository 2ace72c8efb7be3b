// The markdown dialect both sides share: CommonMark plus the GFM parts Notion
// reads (tables, strikethrough, task lists) and `$…$` / `$$` math. GFM autolink
// literals and footnotes are left out on purpose: Notion has neither, and a
// bare URL turned into a link would change the text on the way back.
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown, gfmStrikethroughToMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown, gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown, gfmTaskListItemToMarkdown } from 'mdast-util-gfm-task-list-item';
import { mathFromMarkdown, mathToMarkdown } from 'mdast-util-math';
import { toMarkdown, type Options as ToOptions } from 'mdast-util-to-markdown';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { math } from 'micromark-extension-math';

/**
 * Lists are tight: Notion has no loose lists, and a blank line after a list's
 * last item would otherwise mark it loose and put blank lines between its items.
 */
function tighten(node: Nodes): void {
  if (node.type === 'list' || node.type === 'listItem') node.spread = false;
  if ('children' in node) for (const c of node.children) tighten(c);
}

/** Markdown text → mdast, with positions (offsets into `text`). */
export function parseMarkdown(text: string): Root {
  const tree = fromMarkdown(text, {
    extensions: [gfmTable(), gfmStrikethrough({ singleTilde: false }), gfmTaskListItem(), math()],
    mdastExtensions: [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown(), mathFromMarkdown()],
  });
  tighten(tree);
  return tree;
}

export type Handlers = NonNullable<ToOptions['handlers']>;

/** The paragraph handler that writes a task item's `[ ]`/`[x]`: overrides of `paragraph` fall back to it. */
export const plainParagraph = gfmTaskListItemToMarkdown().handlers!.paragraph!;

/** mdast → markdown in one fixed style: `-` bullets, `*` emphasis, `**` strong, fenced code. */
export function stringifyMarkdown(tree: Root, handlers: Handlers): string {
  return toMarkdown(tree, {
    bullet: '-',
    emphasis: '*',
    strong: '*',
    fence: '`',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
    incrementListMarker: true,
    tightDefinitions: true,
    extensions: [gfmTableToMarkdown({ tablePipeAlign: false }), gfmStrikethroughToMarkdown(), gfmTaskListItemToMarkdown(), mathToMarkdown({ singleDollarTextMath: true })],
    handlers,
  });
}
