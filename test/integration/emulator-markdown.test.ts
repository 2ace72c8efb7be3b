// The markdown endpoints as real Notion serves them, through the real
// @notionhq/client: markdown_version v1/v2, warnings, exact text for
// update_content, drift knobs, and >25 references through the property-item endpoint.
import assert from 'node:assert/strict';
import { APIResponseError, Client, isFullPage, LogLevel } from '@notionhq/client';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';

interface PageMarkdown {
  object: 'page_markdown';
  id: string;
  markdown: string;
  truncated: boolean;
  unknown_block_ids: string[];
  warnings?: Array<{ code: string; message: string }>;
}

describe('emulator: markdown versions and what real Notion does', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let notion: Client;
  let control: EmulatorControl;

  // SDK 5.26 has no markdown_version typing: send it through the client's generic request.
  const getMd = (id: string, version?: string) =>
    notion.request<PageMarkdown>({ path: `pages/${id}/markdown`, method: 'get', query: version ? { markdown_version: version } : {} });
  const patchMd = (id: string, body: Record<string, unknown>) => notion.request<PageMarkdown>({ path: `pages/${id}/markdown`, method: 'patch', body });

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    notion = new Client({ auth: 'secret_test', baseUrl: emu.baseUrl, notionVersion: '2026-03-11', retry: false, logLevel: LogLevel.ERROR });
    control = new EmulatorControl(emu.baseUrl);
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control.reset({ seed: 'demo' });
    await control.setKnobs({ pageUrlHost: 'www.notion.so', calloutForm: 'tag', finalNewline: false, markdownApi: 'current' });
  });

  it('serves v1 by default and v2 on request; rejects other versions', async () => {
    const v1 = await getMd(DEMO_IDS.engineeringPage);
    const v2 = await getMd(DEMO_IDS.engineeringPage, 'v2');
    assert.equal(v1.markdown, (await getMd(DEMO_IDS.engineeringPage, 'v1')).markdown);
    assert.match(v1.markdown, /^## How we build\nWe prefer/);
    assert.match(v2.markdown, /^## How we build\n\nWe prefer/);
    await assert.rejects(getMd(DEMO_IDS.engineeringPage, 'v3'), (e: unknown) => e instanceof APIResponseError && e.status === 400 && e.code === 'validation_error');
  });

  it('models the next Notion-Version: v2 by default, v1 refused (markdownApi knob)', async () => {
    await control.setKnobs({ markdownApi: 'next' });
    assert.match((await getMd(DEMO_IDS.engineeringPage)).markdown, /^## How we build\n\nWe prefer/);
    await assert.rejects(getMd(DEMO_IDS.engineeringPage, 'v1'), (e: unknown) => e instanceof APIResponseError && e.status === 400 && /retired/.test(e.message));
  });

  it('stores a page mention written in markdown with the page title', async () => {
    const url = `https://www.notion.so/${DEMO_IDS.architecturePage.replace(/-/g, '')}`;
    await patchMd(DEMO_IDS.localSetupPage, { type: 'replace_content', markdown_version: 'v2', replace_content: { new_str: `See <mention url="${url}">Architecture</mention>.` } });
    const [para] = (await notion.blocks.children.list({ block_id: DEMO_IDS.localSetupPage })).results as Array<{ paragraph: { rich_text: Array<{ type: string; plain_text: string }> } }>;
    assert.deepEqual(para.paragraph.rich_text.map((r) => [r.type, r.plain_text]), [['text', 'See '], ['mention', 'Architecture'], ['text', '.']]);
  });

  it('reads v2 input as CommonMark + GFM and reports what it changed as warnings', async () => {
    const res = await patchMd(DEMO_IDS.localSetupPage, {
      type: 'replace_content',
      markdown_version: 'v2',
      replace_content: { new_str: '| Tool | Use |\n| --- | --- |\n| Node | runtime |\n\none paragraph\nsoft-wrapped\n\n<details>x</details>' },
    });
    assert.equal(res.object, 'page_markdown');
    assert.ok(res.warnings?.some((w) => /<details>/.test(w.message)), JSON.stringify(res.warnings));
    const blocks = (await notion.blocks.children.list({ block_id: DEMO_IDS.localSetupPage })).results as Array<{ type: string; paragraph?: { rich_text: Array<{ plain_text: string }> } }>;
    assert.deepEqual(blocks.map((b) => b.type), ['table', 'paragraph', 'paragraph']);
    assert.equal(blocks[1].paragraph?.rich_text.map((r) => r.plain_text).join(''), 'one paragraph soft-wrapped');
    const v1 = await patchMd(DEMO_IDS.localSetupPage, { type: 'replace_content', replace_content: { new_str: 'plain' } });
    assert.equal(v1.warnings, undefined, 'v1 responses carry no warnings');
  });

  it('keeps trailing spaces and no final newline, so update_content matches the exact text', async () => {
    await patchMd(DEMO_IDS.localSetupPage, { type: 'replace_content', markdown_version: 'v2', replace_content: { new_str: 'first line  \n\nlast line with spaces   ' } });
    const { markdown } = await getMd(DEMO_IDS.localSetupPage, 'v2');
    assert.ok(markdown.endsWith('last line with spaces   '), JSON.stringify(markdown));
    const res = await patchMd(DEMO_IDS.localSetupPage, {
      type: 'update_content',
      markdown_version: 'v2',
      update_content: { content_updates: [{ old_str: 'last line with spaces   ', new_str: 'last line edited' }] },
    });
    assert.ok(res.markdown.endsWith('\n\nlast line edited'));
  });

  it('creates pages from v2 markdown; markdown_version without markdown is a 400', async () => {
    const created = await notion.request<{ id: string }>({ path: 'pages', method: 'post', body: { parent: { page_id: DEMO_IDS.rootPage }, markdown: '# From v2\n\n- a\n- b', markdown_version: 'v2' } });
    const page = await notion.pages.retrieve({ page_id: created.id });
    assert.ok(isFullPage(page));
    assert.equal((await getMd(created.id, 'v2')).markdown, '- a\n- b');
    await assert.rejects(
      notion.request({ path: 'pages', method: 'post', body: { parent: { page_id: DEMO_IDS.rootPage }, properties: {}, children: [], markdown_version: 'v2' } }),
      (e: unknown) => e instanceof APIResponseError && e.status === 400,
    );
  });

  it('drift knobs change the page-URL host and the callout form', async () => {
    await control.setKnobs({ pageUrlHost: 'app.notion.com', calloutForm: 'fenced', finalNewline: true });
    const page = await notion.pages.retrieve({ page_id: DEMO_IDS.rootPage });
    assert.ok(isFullPage(page));
    assert.match(page.url, /^https:\/\/app\.notion\.com\/p\/Acme-Handbook-[0-9a-f]{32}$/);
    const { markdown } = await getMd(DEMO_IDS.rootPage);
    assert.match(markdown, /::: callout \{icon="💡" color="gray_bg"\}\n/);
    assert.match(markdown, /<page url="https:\/\/app\.notion\.com\/p\//);
    assert.ok(markdown.endsWith('\n'));
    await assert.rejects(control.setKnobs({ pageUrlHost: 'notion.example' as never }), /pageUrlHost/);
  });

  it('cuts relations at 25 in page objects (has_more) and serves all through the property-item endpoint', async () => {
    await notion.dataSources.update({ data_source_id: DEMO_IDS.docsDataSource, properties: { Related: { relation: { data_source_id: DEMO_IDS.tasksDataSource, single_property: {} } } } as never });
    const targets = Array.from({ length: 30 }, (_, i) => ({ id: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000` }));
    const rowId = (await control.state()).pages.find((p) => p.title === 'Style guide')!.id;
    await notion.pages.update({ page_id: rowId, properties: { Related: { relation: targets } } });
    const row = await notion.pages.retrieve({ page_id: rowId });
    assert.ok(isFullPage(row));
    const rel = row.properties.Related as unknown as { relation: Array<{ id: string }>; has_more: boolean; id: string };
    assert.equal(rel.relation.length, 25);
    assert.equal(rel.has_more, true);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await notion.pages.properties.retrieve({ page_id: rowId, property_id: rel.id, page_size: 10, ...(cursor ? { start_cursor: cursor } : {}) })) as unknown as {
        results: Array<{ relation: { id: string } }>;
        next_cursor: string | null;
      };
      seen.push(...page.results.map((r) => r.relation.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, targets.map((t) => t.id));
  });
});
