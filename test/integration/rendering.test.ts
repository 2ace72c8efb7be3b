// What a user's tools see: every file pulled from the demo workspace (and from a
// workspace of generated pages), rendered
// by markdown-it (the renderer behind VS Code's preview, with its GFM tables and
// strikethrough, HTML allowed as the preview allows it), shows no raw Notion
// tag, as many headings as the Notion page has, and every child page or
// database as a relative link that resolves to a file or folder in the
// workspace. Notion's side is read through the real SDK's block API, not
// through the engine.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@notionhq/client';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { fileToNotion, toFile } from '../../src/sync/markdown';
import { doc, notionHoldable } from '../unit/markdown/generators';
import { DEMO_IDS, harnessPerTest, listFiles, readText, type Harness } from './support/engineHarness';

// Notion-flavored tags that would show as literal text (or as unknown elements) in a preview.
const NOTION_TAGS = ['callout', 'page', 'database', 'mention-page', 'mention-database', 'mention-user', 'mention-date', 'toggle', 'columns', 'column', 'synced_block', 'synced-block', 'table_of_contents', 'table-of-contents', 'unknown', 'empty-block'];
const RAW_TAG = new RegExp(`(<|&lt;)/?(${NOTION_TAGS.join('|')})[\\s>/]`, 'i');

interface NotionOutline {
  headings: number;
  children: number;
}

type Block = { id: string; type: string; has_children: boolean; [k: string]: unknown };

/** Headings (not toggle headings: those are <details> in a file) and child pages/databases, through the block tree. */
async function outline(notion: Client, blockId: string): Promise<NotionOutline> {
  const out: NotionOutline = { headings: 0, children: 0 };
  let cursor: string | undefined;
  do {
    const res = await notion.blocks.children.list({ block_id: blockId, start_cursor: cursor });
    for (const b of res.results as Block[]) {
      const payload = b[b.type] as { is_toggleable?: boolean } | undefined;
      if (/^heading_\d$/.test(b.type) && !payload?.is_toggleable) out.headings++;
      if (b.type === 'child_page' || b.type === 'child_database') out.children++;
      // A child page's blocks are its own file's; a synced block is kept verbatim (protected), not rendered.
      if (b.has_children && b.type !== 'child_page' && b.type !== 'child_database' && b.type !== 'synced_block') {
        const inner = await outline(notion, b.id);
        out.headings += inner.headings;
        out.children += inner.children;
      }
    }
    cursor = res.has_more ? (res.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}

function relativeLinks(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')).filter((href) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(href));
}

describe('rendering: pulled files in a markdown previewer (markdown-it)', function () {
  this.timeout(120_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  /** Pulls, then checks every file; returns how many pages were compared with Notion. */
  async function pullAndCheck(minFiles: number): Promise<number> {
    const { engine } = await h.open();
    await engine.pull();
    const md = new MarkdownIt({ html: true, linkify: false });
    const notion = new Client({ auth: 'secret_test_token', baseUrl: h.emulator.baseUrl });
    const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
    assert.ok(files.length >= minFiles, `pulled ${files.length} files`);
    let pagesChecked = 0;
    for (const file of files) {
      const doc = parseDocument(await readText(h.workspace, file), file);
      assert.ok(doc.ok, file);
      const html = md.render(doc.body);
      assert.doesNotMatch(html, RAW_TAG, `${file} shows a raw Notion tag`);
      const links = relativeLinks(html);
      for (const href of links) {
        const target = path.resolve(path.dirname(path.join(h.workspace, file)), decodeURIComponent(href.split('#')[0]));
        assert.ok(existsSync(target), `${file}: the link ${href} resolves`);
      }
      const id = doc.frontmatter.notion_id;
      if (typeof id !== 'string' || doc.frontmatter.notion_partial === true) continue;
      const want = await outline(notion, id);
      const headings = (html.match(/<h[1-6][ >]/g) ?? []).length;
      assert.equal(headings, want.headings, `${file}: headings in the preview vs the Notion page`);
      const mdLinks = links.filter((l) => /\.md(#|$)|\/$/.test(decodeURIComponent(l)) || !path.extname(decodeURIComponent(l.split('#')[0])));
      assert.ok(mdLinks.length >= want.children, `${file}: ${want.children} child pages/databases, ${mdLinks.length} relative links`);
      pagesChecked++;
    }
    return pagesChecked;
  }

  it('shows no raw Notion tag, the page\'s heading count, and child pages as working relative links', async () => {
    const pagesChecked = await pullAndCheck(18);
    assert.ok(pagesChecked >= 10, `pages compared with Notion: ${pagesChecked}`);
  });

  it('a generated workspace (every construct of the mapping table, pages nested two deep) renders the same way', async () => {
    const docs = fc.sample(doc.map(notionHoldable).filter((r) => r.children.length > 0), { numRuns: 24, seed: 20261130 });
    let parent = DEMO_IDS.rootPage;
    for (const [i, root] of docs.entries()) {
      // Every third page hangs off the root; the next two are its children (child links to check).
      const page = await h.control.createPage({ parentId: i % 3 === 0 ? DEMO_IDS.rootPage : parent, title: `Generated ${i + 1}`, markdown: fileToNotion(toFile(root)), markdownVersion: 'v2' });
      if (i % 3 === 0) parent = page.id;
    }
    const pagesChecked = await pullAndCheck(18 + docs.length);
    assert.ok(pagesChecked >= 10 + docs.length, `pages compared with Notion: ${pagesChecked}`);
  });
});
