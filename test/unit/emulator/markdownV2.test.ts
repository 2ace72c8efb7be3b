import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMarkdown } from '../../../src/emulator/markdown/parse';
import { parseByVersion, parseMarkdownV2 } from '../../../src/emulator/markdown/parseV2';
import { renderPageMarkdown } from '../../../src/emulator/markdown/render';
import type { BlockInput } from '../../../src/emulator/model';
import { text, type RichText } from '../../../src/emulator/richText';
import { DEMO_IDS, seedWorkspace } from '../../../src/emulator/seed';
import { Clock } from '../../../src/emulator/time';
import { Workspace } from '../../../src/emulator/workspace';
import { blockTree } from './trees';

const DEMO_PAGES = [DEMO_IDS.rootPage, DEMO_IDS.gettingStartedPage, DEMO_IDS.localSetupPage, DEMO_IDS.engineeringPage, DEMO_IDS.architecturePage];

function demo(): Workspace {
  const ws = new Workspace(new Clock());
  seedWorkspace(ws, 'demo');
  return ws;
}

function freshPage(ws: Workspace, blocks: BlockInput[]): string {
  const page = ws.createPage({ parent: { kind: 'workspace' }, properties: {}, actor: ws.botId });
  ws.insertTree(page.id, blocks, { type: 'end' }, ws.botId);
  return page.id;
}

const inputs = (md: string) => parseMarkdownV2(md).items.map((i) => i.input);
const plain = (b: BlockInput) => (b.payload.rich_text as RichText[]).map((r) => r.plain_text).join('');

describe('emulator markdown v2', () => {
  it('renders every demo page in v2 and re-parses it to the same markdown', () => {
    const ws = demo();
    for (const id of DEMO_PAGES) {
      const md = renderPageMarkdown(ws, id, 'v2').markdown;
      const copy = freshPage(ws, inputs(md));
      const again = renderPageMarkdown(ws, copy, 'v2').markdown.split(copy.replace(/-/g, '')).join(id.replace(/-/g, ''));
      assert.equal(again, md, `page ${id}`);
    }
  });

  it('separates v1 blocks by single newlines and v2 blocks by blank lines, list items staying tight', () => {
    const ws = demo();
    const v1 = renderPageMarkdown(ws, DEMO_IDS.engineeringPage, 'v1').markdown;
    const v2 = renderPageMarkdown(ws, DEMO_IDS.engineeringPage, 'v2').markdown;
    assert.match(v1, /^## How we build\nWe prefer boring technology and small, reviewed changes\.\n- TypeScript everywhere\n- Tests beside the code\nThe layers [^\n]+\n<page /);
    assert.match(v2, /^## How we build\n\nWe prefer boring technology and small, reviewed changes\.\n\n- TypeScript everywhere\n- Tests beside the code\n\nThe layers [^\n]+\n\n<page /);
    assert.ok(!v1.endsWith('\n') && !v2.endsWith('\n'), 'no final newline, like Notion');
  });

  it('reads v2 input as CommonMark + GFM: a pipe table is a table, a single newline does not start a block', () => {
    const blocks = inputs('| a | b |\n| --- | --- |\n| 1 | 2 \\| 3 |\n\nfirst line\nsame paragraph\n\nnext paragraph\n- [ ] todo\n- item\n\t- nested');
    assert.deepEqual(blocks.map((b) => b.type), ['table', 'paragraph', 'paragraph', 'to_do', 'bulleted_list_item']);
    assert.equal(blocks[0].children.length, 2);
    assert.deepEqual((blocks[0].children[1].payload.cells as RichText[][]).map((c) => c.map((r) => r.plain_text).join('')), ['1', '2 | 3']);
    assert.equal(plain(blocks[1]), 'first line same paragraph');
    assert.equal(blocks[4].children[0].type, 'bulleted_list_item');
  });

  it('reads setext headings, hard breaks, `_` emphasis and Notion tags', () => {
    const blocks = inputs(
      [
        'Title\n===',
        'line one\\\nline two',
        '_it_ and __bold__ and snake_case_word',
        '<callout icon="🔥" color="red_bg">\nHot\n\n- child\n</callout>',
        '<toggle heading="h2">\nSection\n\nInside\n</toggle>',
        '<pdf source="https://x.test/a.pdf">The PDF</pdf>',
        '<table-of-contents />',
        '<p />',
        'Mention <mention url="user://abc"/> and <u>under</u> <span color="blue">blue</span>',
      ].join('\n\n'),
    );
    assert.deepEqual(blocks.map((b) => b.type), ['heading_1', 'paragraph', 'paragraph', 'callout', 'heading_2', 'pdf', 'table_of_contents', 'paragraph', 'paragraph']);
    assert.equal(plain(blocks[1]), 'line one\nline two');
    const styled = blocks[2].payload.rich_text as RichText[];
    assert.deepEqual(styled.filter((r) => r.annotations.italic || r.annotations.bold).map((r) => r.plain_text), ['it', 'bold']);
    assert.ok(plain(blocks[2]).endsWith('snake_case_word'));
    assert.equal(plain(blocks[3]), 'Hot');
    assert.deepEqual([blocks[3].payload.color, (blocks[3].payload.icon as { emoji: string }).emoji, blocks[3].children[0].type], ['red_background', '🔥', 'bulleted_list_item']);
    assert.equal(blocks[4].payload.is_toggleable, true);
    assert.equal(blocks[4].children.length, 1);
    assert.deepEqual(blocks[7].payload.rich_text, []);
    const kinds = (blocks[8].payload.rich_text as RichText[]).map((r) => [r.type, r.annotations.underline, r.annotations.color]);
    assert.deepEqual(kinds[1], ['mention', false, 'default']);
    assert.ok(kinds.some(([, u]) => u === true) && kinds.some(([, , c]) => c === 'blue'));
  });

  it('a page mention whose URL has a query or a block anchor names the page', () => {
    const page = DEMO_IDS.architecturePage;
    const hex = page.replace(/-/g, '');
    const [para] = inputs(`See <mention url="https://www.notion.so/Architecture-${hex}?pvs=4#0123456789abcdef0123456789abcdef">Architecture</mention> and <mention url="https://app.notion.com/p/${hex}"/>.`);
    const mentions = (para.payload.rich_text as RichText[]).filter((r) => r.type === 'mention').map((r) => (r.mention as { page?: { id: string } }).page?.id);
    assert.deepEqual(mentions, [page, page]);
  });

  it('warns about what v2 keeps literally or changes', () => {
    const { items, warnings } = parseMarkdownV2('<details>\n<summary>T</summary>\n</details>\n\n###### Deep\n\nText {color="red"}');
    assert.equal(items[0].input.type, 'paragraph', '<details> is literal text in v2');
    assert.match(plain(items[0].input), /<details>/);
    assert.equal(items[1].input.type, 'heading_4');
    assert.equal(warnings.length, 4, warnings.join('\n'));
    assert.deepEqual(parseByVersion('# x', 'v1').warnings, []);
  });

  it('render → parse → render is stable in v2 for random block trees (property)', () => {
    fc.assert(
      fc.property(fc.array(blockTree, { minLength: 1, maxLength: 6 }), (blocks) => {
        const ws = new Workspace(new Clock());
        seedWorkspace(ws, 'empty');
        const md = renderPageMarkdown(ws, freshPage(ws, blocks), 'v2').markdown;
        assert.equal(renderPageMarkdown(ws, freshPage(ws, inputs(md)), 'v2').markdown, md);
      }),
      { numRuns: Number(process.env.EMULATOR_FC_RUNS ?? 300) },
    );
  });
});

describe('emulator markdown: what real Notion does', () => {
  it('flags a page truncated whenever an <unknown> block is in it', () => {
    const ws = demo();
    const withBookmark = renderPageMarkdown(ws, DEMO_IDS.gettingStartedPage);
    assert.equal(withBookmark.truncated, true);
    assert.equal(withBookmark.unknownBlockIds.length, 1);
    assert.equal(renderPageMarkdown(ws, DEMO_IDS.gettingStartedPage, 'v2').truncated, false, 'v2 has a <bookmark> tag');
    assert.equal(renderPageMarkdown(ws, DEMO_IDS.localSetupPage).truncated, false);
  });

  it('renders synced blocks and their references with their content', () => {
    const ws = demo();
    const page = freshPage(ws, [{ type: 'synced_block', payload: { synced_from: null }, children: [{ type: 'paragraph', payload: { rich_text: [text('Shared words')], color: 'default' }, children: [] }] }]);
    const original = ws.childIds(page)[0];
    ws.insertTree(page, [{ type: 'synced_block', payload: { synced_from: { type: 'block_id', block_id: original } }, children: [] }], { type: 'end' }, ws.botId);
    const v1 = renderPageMarkdown(ws, page).markdown;
    assert.match(v1, /^<synced_block url="[^"]+#[0-9a-f]{32}">\n\tShared words\n<\/synced_block>\n<synced_block_reference url="[^"]+">\n\tShared words\n<\/synced_block_reference>$/);
    assert.match(renderPageMarkdown(ws, page, 'v2').markdown, /^<synced-block url="[^"]+">\nShared words\n<\/synced-block>\n\n<synced-block-reference url="[^"]+">\nShared words\n<\/synced-block-reference>$/);
    // Writing the page back keeps both blocks (synced content is edited in its original).
    const before = renderPageMarkdown(ws, page);
    ws.replaceContent(page, parseMarkdown(`${v1}\nAfter`), before.chunks, false, ws.botId);
    assert.deepEqual(ws.childIds(page).slice(0, 2), before.chunks.map((c) => c.id));
  });

  it('gives <database> tags a data-source-url', () => {
    const md = renderPageMarkdown(demo(), DEMO_IDS.rootPage).markdown;
    assert.match(md, new RegExp(`<database url="https://www\\.notion\\.so/Tasks-${DEMO_IDS.tasksDatabase.replace(/-/g, '')}" data-source-url="collection://${DEMO_IDS.tasksDataSource}">Tasks</database>`));
  });

  it('drift knobs: page-URL host, callout form, final newline', () => {
    const ws = demo();
    ws.knobs.pageUrlHost = 'app.notion.com';
    ws.knobs.calloutForm = 'fenced';
    ws.knobs.finalNewline = true;
    const md = renderPageMarkdown(ws, DEMO_IDS.rootPage).markdown;
    assert.match(md, /<page url="https:\/\/app\.notion\.com\/p\/Getting-Started-[0-9a-f]{32}">/);
    assert.match(md, /\n::: callout \{icon="💡" color="gray_bg"\}\nEdits here sync to the docs repository every few minutes\.\n:::\n/);
    assert.ok(md.endsWith('\n'));
    // The fenced form reads back as the same callout.
    const callout = parseMarkdown(md).find((i) => i.input.type === 'callout')!;
    assert.equal(callout.input.payload.color, 'gray_background');
  });
});
