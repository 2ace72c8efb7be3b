// Property: a generated file pushed as Notion v2 text to the emulator (its own
// v2 parser and renderer, no code shared with the engine), read back and
// written as a file again, is the same file: file → Notion v2 → emulator →
// file is the identity for the subset the emulator can hold on its own.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BlockContent, Root, RootContent } from 'mdast';
import { parseMarkdownV2 } from '../../../src/emulator/markdown/parseV2';
import { renderPageMarkdown } from '../../../src/emulator/markdown/render';
import { withMentionTitles } from '../../../src/emulator/markdownApi';
import { addUsers } from '../../../src/emulator/seed';
import { Clock } from '../../../src/emulator/time';
import { Workspace } from '../../../src/emulator/workspace';
import { bodyHash, fileToNotion, notionToFile, toFile } from '../../../src/sync/markdown';
import { doc, separateLists } from './generators';

/**
 * Left out: child pages and databases, synced and unknown blocks name objects
 * that must already exist in Notion (the engine never creates them from a file).
 */
const OUTSIDE = new Set(['notionChild', 'notionProtected']);

/** What Notion changes on its own: a callout gets the 💡 icon when it has none; an image's block colour is dropped (seen live). */
function asNotionKeepsIt(n: RootContent): RootContent {
  if (n.type === 'callout' && !n.icon) return { ...n, icon: '💡' };
  if (n.type === 'paragraph' && n.children.length === 1 && n.children[0]?.type === 'image') return { ...n, data: undefined };
  return n;
}

/** Lists left side by side by a removed block are one list in Notion: kept apart as the generator does. */
function holdable(nodes: RootContent[]): RootContent[] {
  const kept = nodes
    .filter((n) => !OUTSIDE.has(n.type))
    .map(asNotionKeepsIt)
    .map((n) => ('children' in n && n.type !== 'list' ? ({ ...n, children: holdable(n.children as RootContent[]) } as RootContent) : n));
  return separateLists(kept as BlockContent[]);
}

const unslugged = (text: string) => text.replace(/https:\/\/www\.notion\.so\/[^\s()"]*?-?([0-9a-f]{32})/g, 'https://www.notion.so/$1');

describe('markdown: round trip through the emulator', () => {
  it('file → Notion v2 → emulator → file is the identity', () => {
    const ws = new Workspace(new Clock());
    addUsers(ws);
    fc.assert(
      fc.property(
        doc.map((root): Root => ({ ...root, children: holdable(root.children) })).filter((root) => root.children.length > 0),
        (root) => {
          const file = toFile(root);
          const v2 = fileToNotion(file);
          const page = ws.createPage({ parent: { kind: 'workspace' }, properties: {}, actor: ws.botId });
          ws.insertTree(page.id, withMentionTitles(ws, parseMarkdownV2(v2).items.map((i) => i.input)), { type: 'end' }, ws.botId);
          const served = renderPageMarkdown(ws, page.id, 'v2').markdown;
          const back = notionToFile(served, 'v2');
          // Notion adds the title slug to a page URL (a page with no file is linked by it); nothing else may change.
          assert.equal(unslugged(back), unslugged(file), `sent:\n${v2}\n\nserved:\n${served}`);
          assert.equal(bodyHash(back), bodyHash(file));
        },
      ),
      { numRuns: 150 },
    );
  });
});
