import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderInline } from '../../../src/emulator/markdown/inline';
import { parseInline } from '../../../src/emulator/markdown/inlineParse';
import { parseMarkdown } from '../../../src/emulator/markdown/parse';
import { renderPageMarkdown } from '../../../src/emulator/markdown/render';
import { text, type RichText } from '../../../src/emulator/richText';
import { DEMO_IDS, seedWorkspace } from '../../../src/emulator/seed';
import { Clock } from '../../../src/emulator/time';
import { Workspace } from '../../../src/emulator/workspace';
import { blockTree as tree } from './trees';

function demo(): Workspace {
  const ws = new Workspace(new Clock());
  seedWorkspace(ws, 'demo');
  return ws;
}

/** Writes markdown into a fresh page and renders it back. */
function roundTrip(ws: Workspace, markdown: string, fromPage: string): string {
  const page = ws.createPage({ parent: { kind: 'workspace' }, properties: {}, actor: ws.botId });
  ws.insertTree(page.id, parseMarkdown(markdown).map((i) => i.input), { type: 'end' }, ws.botId);
  // <unknown> urls name the page they sit on; the kept block now sits on the new page.
  return renderPageMarkdown(ws, page.id).markdown.split(page.id.replace(/-/g, '')).join(fromPage.replace(/-/g, ''));
}

/** One entry per character: its text and styling, so merged/split items compare equal. */
function perChar(items: RichText[]): string[] {
  return items.flatMap((i) => [...i.plain_text].map((c) => `${c}|${JSON.stringify(i.annotations)}|${i.href}`));
}

describe('emulator markdown', () => {
  it('renders and re-parses every demo page to the same markdown', () => {
    const ws = demo();
    for (const id of [DEMO_IDS.rootPage, DEMO_IDS.gettingStartedPage, DEMO_IDS.localSetupPage, DEMO_IDS.engineeringPage, DEMO_IDS.architecturePage]) {
      const md = renderPageMarkdown(ws, id).markdown;
      assert.equal(roundTrip(ws, md, id), md, `page ${id}`);
    }
  });

  it('escapes special characters and keeps them on re-parse', () => {
    const items = [text('a*b_c [x] <y> $z$ {w} | ^ ~ ` \\ done')];
    const md = renderInline(items);
    assert.equal(md, 'a\\*b_c \\[x\\] \\<y\\> \\$z\\$ \\{w\\} \\| \\^ \\~ \\` \\\\ done');
    assert.equal(parseInline(md).map((i) => i.plain_text).join(''), items[0].plain_text);
  });

  it('keeps spaces outside emphasis markers', () => {
    assert.equal(renderInline([text('a'), text(' bold ', { bold: true }), text('b')]), 'a **bold** b');
  });

  it('renders underline, colours, links, code, equations and mentions', () => {
    const md = renderInline([
      text('u', { underline: true }),
      text('r', { color: 'red' }),
      text('bg', { color: 'yellow_background' }),
      text('link', { link: 'https://x.test', italic: true }),
      text('a`b', { code: true }),
    ]);
    assert.equal(md, '<span underline="true">u</span><span color="red">r</span><span color="yellow_bg">bg</span>*[link](https://x.test)*``a`b``');
    const back = parseInline(md);
    assert.deepEqual(
      back.map((i) => [i.plain_text, i.annotations.underline, i.annotations.color, i.href, i.annotations.italic, i.annotations.code]),
      [
        ['u', true, 'default', null, false, false],
        ['r', false, 'red', null, false, false],
        ['bg', false, 'yellow_background', null, false, false],
        ['link', false, 'default', 'https://x.test', true, false],
        ['a`b', false, 'default', null, false, true],
      ],
    );
    const eq = parseInline('x $a^2$ <mention-user url="user://abc"/>');
    assert.deepEqual(eq.map((i) => i.type), ['text', 'equation', 'text', 'mention']);
  });

  it('parses block syntax: headings 5/6 → 4, colours, toggle headings, callout fences, tables, empty blocks', () => {
    const items = parseMarkdown(
      [
        '###### Deep',
        'Coloured {color="blue"}',
        '## Toggle {toggle="true"}',
        '\tinside',
        '::: callout {icon="🔥" color="red_bg"}',
        'Hot',
        '- child',
        ':::',
        '<table header-row="false">',
        '\t<tr><td>a</td><td>b</td></tr>',
        '</table>',
        '<empty-block/>',
        '1. one',
        '> quote<br>line two',
      ].join('\n'),
    ).map((i) => i.input);
    assert.deepEqual(items.map((i) => i.type), ['heading_4', 'paragraph', 'heading_2', 'callout', 'table', 'paragraph', 'numbered_list_item', 'quote']);
    assert.equal(items[1].payload.color, 'blue');
    assert.equal(items[2].payload.is_toggleable, true);
    assert.equal(items[2].children[0].type, 'paragraph');
    assert.deepEqual(items[3].payload.icon, { type: 'emoji', emoji: '🔥' });
    assert.equal(items[3].payload.color, 'red_background');
    assert.equal((items[3].payload.rich_text as RichText[])[0].plain_text, 'Hot');
    assert.equal(items[3].children[0].type, 'bulleted_list_item');
    assert.equal(items[4].payload.table_width, 2);
    assert.equal(items[4].children.length, 1);
    assert.deepEqual(items[5].payload.rich_text, []);
    assert.equal((items[7].payload.rich_text as RichText[])[0].plain_text, 'quote\nline two');
  });

  it('splits long text into 2000-character items', () => {
    const items = parseInline('x'.repeat(4500));
    assert.deepEqual(items.map((i) => i.plain_text.length), [2000, 2000, 500]);
  });

  it('round-trips arbitrary annotated rich text (property)', () => {
    const segment = fc.record({
      content: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.trim().length > 0 && !s.includes('\n')),
      bold: fc.boolean(),
      italic: fc.boolean(),
      strikethrough: fc.boolean(),
      code: fc.boolean(),
      underline: fc.boolean(),
      color: fc.constantFrom('default', 'red', 'blue_background'),
      link: fc.option(fc.constantFrom('https://a.test', 'https://b.test/x?y=1'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segs) => {
        const items = segs.map((s) => text(s.content, { bold: s.bold, italic: s.italic, strikethrough: s.strikethrough, code: s.code, underline: s.underline, color: s.color, link: s.link }));
        const md = renderInline(items);
        assert.deepEqual(perChar(parseInline(md)), perChar(items), md);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps unchanged blocks (and their ids) on content replacement', () => {
    const ws = demo();
    const before = renderPageMarkdown(ws, DEMO_IDS.localSetupPage);
    const next = before.markdown.replace('Install Node 20', 'Install Node 22');
    ws.replaceContent(DEMO_IDS.localSetupPage, parseMarkdown(next), before.chunks, false, ws.botId);
    const after = renderPageMarkdown(ws, DEMO_IDS.localSetupPage);
    assert.equal(after.markdown, next);
    assert.notEqual(after.chunks[0].id, before.chunks[0].id);
    assert.deepEqual(after.chunks.slice(1).map((c) => c.id), before.chunks.slice(1).map((c) => c.id));
  });
});

describe('emulator markdown: block trees (property)', () => {
  it('render → parse → render is stable for random block trees', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 6 }), (blocks) => {
        const ws = new Workspace(new Clock());
        seedWorkspace(ws, 'empty');
        const a = ws.createPage({ parent: { kind: 'workspace' }, properties: {}, actor: ws.botId });
        ws.insertTree(a.id, blocks, { type: 'end' }, ws.botId);
        const md = renderPageMarkdown(ws, a.id).markdown;
        const b = ws.createPage({ parent: { kind: 'workspace' }, properties: {}, actor: ws.botId });
        ws.insertTree(b.id, parseMarkdown(md).map((i) => i.input), { type: 'end' }, ws.botId);
        assert.equal(renderPageMarkdown(ws, b.id).markdown, md);
      }),
      { numRuns: Number(process.env.EMULATOR_FC_RUNS ?? 300) },
    );
  });
});

describe('emulator markdown: content replacement', () => {
  it('keeps <unknown> blocks and child pages referenced by the new markdown', () => {
    const ws = demo();
    const before = renderPageMarkdown(ws, DEMO_IDS.gettingStartedPage);
    const bookmark = before.unknownBlockIds[0];
    // Rewrite everything, moving the bookmark to the top: it must survive with its id.
    const lines = before.markdown.split('\n');
    const unknownLine = lines.find((l) => l.startsWith('<unknown'))!;
    const next = [unknownLine, ...lines.filter((l) => l !== unknownLine).map((l) => (l.startsWith('# ') ? '# Week one' : l))].join('\n');
    ws.replaceContent(DEMO_IDS.gettingStartedPage, parseMarkdown(next), before.chunks, false, ws.botId);
    const after = renderPageMarkdown(ws, DEMO_IDS.gettingStartedPage);
    assert.equal(after.markdown, next);
    assert.equal(after.chunks[0].id, bookmark);
    assert.equal(ws.blocks.get(bookmark)?.inTrash, false);
    assert.equal(ws.pages.get(DEMO_IDS.localSetupPage)?.inTrash, false);
  });

  it('trashes blocks that the new markdown drops, and child pages only when allowed', () => {
    const ws = demo();
    const before = renderPageMarkdown(ws, DEMO_IDS.engineeringPage);
    assert.throws(() => ws.replaceContent(DEMO_IDS.engineeringPage, parseMarkdown('Only this.'), before.chunks, false, ws.botId), /allow_deleting_content/);
    assert.equal(renderPageMarkdown(ws, DEMO_IDS.engineeringPage).markdown, before.markdown, 'a refused update changes nothing');
    ws.replaceContent(DEMO_IDS.engineeringPage, parseMarkdown('Only this.'), before.chunks, true, ws.botId);
    assert.equal(renderPageMarkdown(ws, DEMO_IDS.engineeringPage).markdown, 'Only this.');
    assert.equal(ws.pages.get(DEMO_IDS.architecturePage)?.inTrash, true);
    assert.ok(before.chunks.filter((c) => ws.blocks.has(c.id)).every((c) => ws.blocks.get(c.id)!.inTrash));
  });
});
