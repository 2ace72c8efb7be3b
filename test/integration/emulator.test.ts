// The emulator through the real @notionhq/client: CRUD, pagination, errors,
// markdown, queries. Knobs, webhooks and conformance have their own files.
import assert from 'node:assert/strict';
import { APIErrorCode, APIResponseError, Client, collectPaginatedAPI, isFullBlock, isFullPage, LogLevel, type PageObjectResponse } from '@notionhq/client';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';

function titleOf(page: PageObjectResponse): string {
  const prop = Object.values(page.properties).find((p) => p.type === 'title');
  return prop && prop.type === 'title' ? prop.title.map((t) => t.plain_text).join('') : '';
}

async function rejects(p: Promise<unknown>, status: number, code: string): Promise<APIResponseError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof APIResponseError, `expected APIResponseError, got ${String(e)}`);
    assert.equal(e.status, status);
    assert.equal(e.code, code);
    return e;
  }
  assert.fail('expected the request to fail');
}

describe('emulator: public API through @notionhq/client', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let notion: Client;
  let notionMd: Client;
  let control: EmulatorControl;

  before(async () => {
    const t0 = performance.now();
    emu = await startEmulator({ seed: 'demo' });
    const ms = performance.now() - t0;
    console.log(`      startEmulator({seed:'demo'}) took ${ms.toFixed(1)} ms`);
    assert.ok(ms < 1000, `startup took ${ms} ms`);
    notion = new Client({ auth: 'secret_test', baseUrl: emu.baseUrl, retry: false, logLevel: LogLevel.ERROR });
    notionMd = new Client({ auth: 'secret_test', baseUrl: emu.baseUrl, notionVersion: '2026-03-11', retry: false, logLevel: LogLevel.ERROR });
    control = new EmulatorControl(emu.baseUrl);
  });
  after(() => emu.close());
  beforeEach(() => control.reset({ seed: 'demo' }));

  it('answers users.me with the bot user', async () => {
    const me = await notion.users.me({});
    assert.equal(me.id, DEMO_IDS.botUser);
    assert.equal(me.type, 'bot');
    const users = await notion.users.list({});
    assert.equal(users.results.filter((u) => u.type === 'person').length, 2);
  });

  it('serves the demo workspace: pages, child pages, databases, data sources', async () => {
    const root = await notion.pages.retrieve({ page_id: DEMO_IDS.rootPage });
    assert.ok(isFullPage(root));
    assert.equal(titleOf(root), 'Acme Handbook');
    assert.deepEqual(root.parent, { type: 'workspace', workspace: true });
    assert.match(root.last_edited_time, /:00\.000Z$/, 'times are rounded down to the minute');

    const kids = await collectPaginatedAPI(notion.blocks.children.list, { block_id: DEMO_IDS.rootPage });
    const types = kids.filter(isFullBlock).map((b) => b.type);
    assert.deepEqual(types, ['paragraph', 'callout', 'divider', 'child_page', 'child_page', 'child_database', 'child_database']);

    const db = await notion.databases.retrieve({ database_id: DEMO_IDS.tasksDatabase });
    assert.ok('data_sources' in db);
    assert.deepEqual(db.data_sources, [{ id: DEMO_IDS.tasksDataSource, name: 'Tasks' }]);
    const ds = await notion.dataSources.retrieve({ data_source_id: DEMO_IDS.tasksDataSource });
    assert.ok('properties' in ds);
    const types2 = Object.fromEntries(Object.entries(ds.properties).map(([k, v]) => [k, v.type]));
    assert.deepEqual(types2, {
      Name: 'title',
      Status: 'status',
      Due: 'date',
      Assignee: 'people',
      Tags: 'multi_select',
      Estimate: 'number',
      Done: 'checkbox',
      Created: 'created_time',
      Updated: 'last_edited_time',
      'Status text': 'formula',
    });
  });

  it('creates, reads, updates, trashes and restores a page with children', async () => {
    const created = await notion.pages.create({
      parent: { page_id: DEMO_IDS.rootPage },
      properties: { title: { title: [{ text: { content: 'Release notes' } }] } },
      children: [
        { heading_2: { rich_text: [{ text: { content: 'v1.0' } }] } },
        { bulleted_list_item: { rich_text: [{ text: { content: 'first' } }], children: [{ paragraph: { rich_text: [{ text: { content: 'nested' } }] } }] } },
      ],
    });
    assert.ok(isFullPage(created));
    assert.deepEqual(created.parent, { type: 'page_id', page_id: DEMO_IDS.rootPage });
    const blocks = await notion.blocks.children.list({ block_id: created.id });
    assert.equal(blocks.results.length, 2);
    const bullet = blocks.results[1];
    assert.ok(isFullBlock(bullet) && bullet.type === 'bulleted_list_item' && bullet.has_children);
    const nested = await notion.blocks.children.list({ block_id: bullet.id });
    assert.ok(isFullBlock(nested.results[0]) && nested.results[0].type === 'paragraph');

    const updated = await notion.pages.update({ page_id: created.id, properties: { title: { title: [{ text: { content: 'Release notes 2' } }] } } });
    assert.ok(isFullPage(updated));
    assert.equal(titleOf(updated), 'Release notes 2');

    const appended = await notion.blocks.children.append({ block_id: created.id, children: [{ paragraph: { rich_text: [{ text: { content: 'tail' } }] } }] });
    assert.equal(appended.results.length, 1);
    const blockId = appended.results[0].id;
    const edited = await notion.blocks.update({ block_id: blockId, paragraph: { rich_text: [{ text: { content: 'tail, edited', link: { url: 'https://x.test' } }, annotations: { bold: true } }] } });
    assert.ok(isFullBlock(edited) && edited.type === 'paragraph');
    assert.equal(edited.paragraph.rich_text[0].plain_text, 'tail, edited');
    assert.equal(edited.paragraph.rich_text[0].annotations.bold, true);
    assert.equal(edited.paragraph.rich_text[0].href, 'https://x.test');
    const deleted = await notion.blocks.delete({ block_id: blockId });
    assert.ok(isFullBlock(deleted) && deleted.in_trash);
    assert.equal((await notion.blocks.children.list({ block_id: created.id })).results.length, 2);

    const trashed = await notion.pages.update({ page_id: created.id, in_trash: true });
    assert.ok(isFullPage(trashed) && trashed.in_trash);
    await rejects(notion.pages.update({ page_id: created.id, properties: { title: { title: [] } } }), 400, 'validation_error');
    const restored = await notion.pages.update({ page_id: created.id, in_trash: false });
    assert.ok(isFullPage(restored) && !restored.in_trash);
  });

  it('creates and updates data source rows with every writable property type', async () => {
    const row = await notion.pages.create({
      parent: { data_source_id: DEMO_IDS.tasksDataSource },
      properties: {
        Name: { title: [{ text: { content: 'New task' } }] },
        Status: { status: { name: 'In progress' } },
        Due: { date: { start: '2026-12-24' } },
        Assignee: { people: [{ id: DEMO_IDS.adaUser }] },
        Tags: { multi_select: [{ name: 'docs' }, { name: 'brand-new' }] },
        Estimate: { number: 5 },
        Done: { checkbox: false },
      },
    });
    assert.ok(isFullPage(row));
    const p = row.properties;
    assert.ok(p.Status.type === 'status' && p.Status.status?.name === 'In progress');
    assert.ok(p.Due.type === 'date' && p.Due.date?.start === '2026-12-24');
    assert.ok(p.Assignee.type === 'people' && p.Assignee.people[0].id === DEMO_IDS.adaUser);
    assert.ok(p.Tags.type === 'multi_select' && p.Tags.multi_select.map((t) => t.name).join() === 'docs,brand-new');
    assert.ok(p['Status text'].type === 'formula' && p['Status text'].formula.type === 'string' && p['Status text'].formula.string === 'In progress');
    assert.ok(p.Created.type === 'created_time');

    const upd = await notion.pages.update({ page_id: row.id, properties: { Done: { checkbox: true }, Status: { status: { name: 'Done' } }, Estimate: { number: null } } });
    assert.ok(isFullPage(upd));
    assert.ok(upd.properties.Done.type === 'checkbox' && upd.properties.Done.checkbox === true);
    assert.ok(upd.properties.Estimate.type === 'number' && upd.properties.Estimate.number === null);

    await rejects(notion.pages.update({ page_id: row.id, properties: { Status: { status: { name: 'Nope' } } } }), 400, 'validation_error');
    await rejects(notion.pages.update({ page_id: row.id, properties: { Missing: { checkbox: true } } }), 400, 'validation_error');
    await rejects(notion.pages.update({ page_id: row.id, properties: { Created: { created_time: '2020-01-01' } as never } }), 400, 'validation_error');
  });

  it('rejects over-limit requests with validation_error', async () => {
    const long = 'x'.repeat(2001);
    await rejects(notion.blocks.children.append({ block_id: DEMO_IDS.rootPage, children: [{ paragraph: { rich_text: [{ text: { content: long } }] } }] }), 400, 'validation_error');
    const many = Array.from({ length: 101 }, () => ({ text: { content: 'a' } }));
    await rejects(notion.blocks.children.append({ block_id: DEMO_IDS.rootPage, children: [{ paragraph: { rich_text: many } }] }), 400, 'validation_error');
    const tooManyChildren = Array.from({ length: 101 }, () => ({ paragraph: { rich_text: [] } }));
    await rejects(notion.blocks.children.append({ block_id: DEMO_IDS.rootPage, children: tooManyChildren }), 400, 'validation_error');
    const deep = [{ toggle: { rich_text: [], children: [{ toggle: { rich_text: [], children: [{ paragraph: { rich_text: [] } }] } }] } }];
    const err = await rejects(notion.blocks.children.append({ block_id: DEMO_IDS.rootPage, children: deep as never }), 400, 'validation_error');
    assert.match(err.message, /children should be not present/);
    // 100 toggles × 10 children = 1100 blocks in one payload.
    const big = Array.from({ length: 100 }, () => ({ toggle: { rich_text: [], children: Array.from({ length: 10 }, () => ({ paragraph: { rich_text: [] } })) } }));
    await rejects(notion.blocks.children.append({ block_id: DEMO_IDS.rootPage, children: big as never }), 400, 'validation_error');
    await rejects(notion.pages.retrieve({ page_id: 'not-an-id' }), 400, 'validation_error');
    await rejects(notion.pages.retrieve({ page_id: '00000000-0000-4000-8000-000000000000' }), 404, 'object_not_found');
    // Exactly at the limits is fine.
    const ok = await notion.blocks.children.append({ block_id: DEMO_IDS.rootPage, children: [{ paragraph: { rich_text: [{ text: { content: 'y'.repeat(2000) } }] } }] });
    assert.equal(ok.results.length, 1);
  });

  it('answers auth and version errors like Notion', async () => {
    const bad = await fetch(`${emu.baseUrl}/v1/users/me`, { headers: { 'Notion-Version': '2025-09-03' } });
    assert.equal(bad.status, 401);
    assert.deepEqual(Object.keys(await bad.json()).sort(), ['code', 'message', 'object', 'request_id', 'status']);
    const noVersion = await fetch(`${emu.baseUrl}/v1/users/me`, { headers: { Authorization: 'Bearer x' } });
    assert.equal(noVersion.status, 400);
    assert.equal(((await noVersion.json()) as { code: string }).code, 'missing_version');
    const unknownUrl = await notion.request({ path: 'nothing/here', method: 'get' }).catch((e: unknown) => e);
    assert.ok(unknownUrl instanceof APIResponseError && unknownUrl.code === APIErrorCode.InvalidRequestURL);

    const strict = await startEmulator({ seed: 'empty', token: 'secret_right' });
    try {
      await rejects(new Client({ auth: 'secret_wrong', baseUrl: strict.baseUrl, logLevel: LogLevel.ERROR }).users.me({}), 401, 'unauthorized');
      const me = await new Client({ auth: 'secret_right', baseUrl: strict.baseUrl }).users.me({});
      assert.equal(me.type, 'bot');
    } finally {
      await strict.close();
    }
  });

  it('paginates 1,000+ results everywhere and caps queries at 10,000', async () => {
    await control.reset({ seed: 'empty', pages: 1050, rows: 10_050 });
    const kids = await collectPaginatedAPI(notion.blocks.children.list, { block_id: DEMO_IDS.benchRoot });
    assert.equal(kids.length, 1051); // 1050 pages + the Bench Items database
    assert.equal(new Set(kids.map((k) => k.id)).size, 1051);

    const found = await collectPaginatedAPI(notion.search, { query: 'Bench page', filter: { property: 'object', value: 'page' } });
    assert.equal(found.length, 1050);

    const first = await notion.dataSources.query({ data_source_id: DEMO_IDS.benchDataSource, page_size: 100 });
    assert.equal(first.results.length, 100);
    assert.ok(first.has_more && first.next_cursor);
    let cursor: string | null = first.next_cursor;
    let total = first.results.length;
    let last = first;
    while (cursor) {
      last = await notion.dataSources.query({ data_source_id: DEMO_IDS.benchDataSource, start_cursor: cursor, page_size: 100 });
      total += last.results.length;
      cursor = last.next_cursor;
    }
    assert.equal(total, 10_000);
    assert.equal(last.has_more, false);
    assert.deepEqual(last.request_status, { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' });

    await rejects(notion.dataSources.query({ data_source_id: DEMO_IDS.benchDataSource, page_size: 101 }), 400, 'validation_error');
    await rejects(notion.dataSources.query({ data_source_id: DEMO_IDS.benchDataSource, start_cursor: 'bogus' }), 400, 'validation_error');
  });

  it('filters queries by last_edited_time (minute-rounded), properties, and/or, and sorts', async () => {
    const before = await notion.dataSources.query({ data_source_id: DEMO_IDS.tasksDataSource });
    assert.equal(before.results.length, 8);
    await control.advanceClock(5 * 60_000);
    const cutoff = new Date(Math.floor((Date.now() + 5 * 60_000) / 60_000) * 60_000).toISOString();
    const rowId = before.results.find((r) => isFullPage(r) && titleOf(r) === 'Review security checklist')!.id;
    await control.editPage(rowId, { properties: { Estimate: 13 } });
    const recent = await notion.dataSources.query({
      data_source_id: DEMO_IDS.tasksDataSource,
      filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: cutoff } },
    });
    assert.deepEqual(recent.results.map((r) => r.id), [rowId]);
    const older = await notion.dataSources.query({
      data_source_id: DEMO_IDS.tasksDataSource,
      filter: { timestamp: 'last_edited_time', last_edited_time: { before: cutoff } },
    });
    assert.equal(older.results.length, 7);

    const infraOpen = await notion.dataSources.query({
      data_source_id: DEMO_IDS.tasksDataSource,
      filter: { and: [{ property: 'Tags', multi_select: { contains: 'infra' } }, { property: 'Done', checkbox: { equals: false } }] },
      sorts: [{ property: 'Estimate', direction: 'descending' }],
    });
    assert.deepEqual(infraOpen.results.map((r) => (isFullPage(r) ? titleOf(r) : '')), ['Set up staging database', 'Migrate CI to new runners', 'Document deploy process']);
    const either = await notion.dataSources.query({
      data_source_id: DEMO_IDS.tasksDataSource,
      filter: { or: [{ property: 'Status', status: { equals: 'Done' } }, { property: 'Name', title: { contains: 'roadmap' } }] },
    });
    assert.equal(either.results.length, 3);
    const due = await notion.dataSources.query({ data_source_id: DEMO_IDS.tasksDataSource, filter: { property: 'Due', date: { on_or_after: '2026-12-05' } } });
    assert.equal(due.results.length, 3);
    const noDue = await notion.dataSources.query({ data_source_id: DEMO_IDS.tasksDataSource, filter: { property: 'Due', date: { is_empty: true } } });
    assert.equal(noDue.results.length, 1);
    const est = await notion.dataSources.query({ data_source_id: DEMO_IDS.tasksDataSource, filter: { property: 'Estimate', number: { greater_than: 4 } } });
    assert.equal(est.results.length, 3); // 5, 8 and the edited 13
  });

  it('searches titles, filters by object and sorts by last_edited_time', async () => {
    const ds = await notion.search({ filter: { property: 'object', value: 'data_source' } });
    assert.deepEqual(ds.results.map((r) => r.object), ['data_source', 'data_source']);
    await control.advanceClock(2 * 60_000);
    await control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'One more line.' });
    const recent = await notion.search({ filter: { property: 'object', value: 'page' }, sort: { timestamp: 'last_edited_time', direction: 'descending' }, page_size: 1 });
    assert.equal(recent.results[0].id, DEMO_IDS.localSetupPage);
    const hits = await notion.search({ query: 'architecture' });
    assert.deepEqual(hits.results.map((r) => r.id), [DEMO_IDS.architecturePage]);
  });

  it('renders enhanced markdown for every demo block type', async () => {
    const md = await notionMd.pages.retrieveMarkdown({ page_id: DEMO_IDS.gettingStartedPage });
    assert.equal(md.object, 'page_markdown');
    assert.equal(md.truncated, true, 'an <unknown> block (the bookmark) makes the page truncated, as in Notion');
    for (const needle of [
      '# Your first week',
      'Use `npm test` before every push, and never ~~force-push~~ to main.',
      '- [x] Get a laptop',
      '- [ ] Set up the repository',
      '- Write things down\n\t- Decisions go in the decision log',
      '2. Open a pull request\n\t1. Ask for review',
      '> Simple things should be simple',
      '```typescript\nexport function greet',
      '![The office floor plan](https://images.acme.test/floor-plan.png)',
      '$$\nE = mc^2\n$$',
      '<details>\n<summary>Frequently asked questions</summary>\n\tWhere is the coffee?',
      '<table header-row="true" header-column="false">',
      '\t\t<td>GitHub</td>',
      '<page url="https://www.notion.so/Local-Setup-',
    ]) {
      assert.ok(md.markdown.includes(needle), `missing ${JSON.stringify(needle)} in\n${md.markdown}`);
    }
    assert.equal(md.unknown_block_ids.length, 1);
    assert.ok(md.markdown.includes(`<unknown url="https://www.notion.so/${DEMO_IDS.gettingStartedPage.replace(/-/g, '')}#${md.unknown_block_ids[0].replace(/-/g, '')}" alt="bookmark"/>`));
    const unknown = await notionMd.pages.retrieveMarkdown({ page_id: md.unknown_block_ids[0] });
    assert.deepEqual(unknown.unknown_block_ids, md.unknown_block_ids, 'a bookmark stays <unknown> when fetched alone');
    const kids = await notion.blocks.children.list({ block_id: DEMO_IDS.gettingStartedPage, page_size: 100 });
    const toggle = kids.results.find((b) => isFullBlock(b) && b.type === 'toggle')!;
    const sub = await notionMd.pages.retrieveMarkdown({ page_id: toggle.id });
    assert.equal(sub.markdown.split('\n')[0], '<details>');
    const root = await notionMd.pages.retrieveMarkdown({ page_id: DEMO_IDS.rootPage });
    assert.ok(root.markdown.includes('**Acme Handbook**') && root.markdown.includes('*single*') && root.markdown.includes('[the website](https://acme.test)'));
    assert.ok(root.markdown.includes('<callout icon="💡" color="gray_bg">\n\tEdits here sync'));
    assert.ok(root.markdown.includes('<database url="https://www.notion.so/Tasks-'));
  });

  it('creates pages from markdown and updates them with replace_content / update_content', async () => {
    const page = await notionMd.pages.create({
      parent: { page_id: DEMO_IDS.rootPage },
      markdown: '# From markdown\nIntro with **bold**.\n- one\n- two\n\t- two.a\n```js\nconsole.log(1)\n```',
    });
    assert.ok(isFullPage(page));
    assert.equal(titleOf(page), 'From markdown', 'the first # heading becomes the title');
    const md = await notionMd.pages.retrieveMarkdown({ page_id: page.id });
    assert.equal(md.markdown, 'Intro with **bold**.\n- one\n- two\n\t- two.a\n```js\nconsole.log(1)\n```');

    const before = await notion.blocks.children.list({ block_id: page.id });
    const upd = await notionMd.pages.updateMarkdown({ page_id: page.id, type: 'update_content', update_content: { content_updates: [{ old_str: '- one', new_str: '- uno' }] } });
    assert.equal(upd.markdown, 'Intro with **bold**.\n- uno\n- two\n\t- two.a\n```js\nconsole.log(1)\n```');
    const after = await notion.blocks.children.list({ block_id: page.id });
    assert.equal(after.results[0].id, before.results[0].id, 'unchanged blocks keep their ids');
    assert.notEqual(after.results[1].id, before.results[1].id);
    assert.equal(after.results[2].id, before.results[2].id);

    await rejects(notionMd.pages.updateMarkdown({ page_id: page.id, type: 'update_content', update_content: { content_updates: [{ old_str: 'absent', new_str: 'x' }] } }), 400, 'validation_error');
    await rejects(notionMd.pages.updateMarkdown({ page_id: page.id, type: 'update_content', update_content: { content_updates: [{ old_str: '- ', new_str: '* ' }] } }), 400, 'validation_error');

    const replaced = await notionMd.pages.updateMarkdown({ page_id: page.id, type: 'replace_content', replace_content: { new_str: '## Fresh\nAll new.' } });
    assert.equal(replaced.markdown, '## Fresh\nAll new.');

    // Child pages are protected unless allow_deleting_content is set.
    await rejects(notionMd.pages.updateMarkdown({ page_id: DEMO_IDS.engineeringPage, type: 'replace_content', replace_content: { new_str: 'gone' } }), 400, 'validation_error');
    const eng = await notionMd.pages.retrieveMarkdown({ page_id: DEMO_IDS.engineeringPage });
    const kept = await notionMd.pages.updateMarkdown({ page_id: DEMO_IDS.engineeringPage, type: 'replace_content', replace_content: { new_str: eng.markdown.replace('How we build', 'How we ship') } });
    assert.ok(kept.markdown.includes('## How we ship') && kept.markdown.includes('>Architecture</page>'));
    assert.equal((await notion.pages.retrieve({ page_id: DEMO_IDS.architecturePage }) as PageObjectResponse).in_trash, false);
  });

  it('moves pages between parents', async () => {
    const moved = await notion.pages.move({ page_id: DEMO_IDS.localSetupPage, parent: { page_id: DEMO_IDS.engineeringPage } });
    assert.ok(isFullPage(moved));
    assert.deepEqual(moved.parent, { type: 'page_id', page_id: DEMO_IDS.engineeringPage });
    const kids = await notion.blocks.children.list({ block_id: DEMO_IDS.engineeringPage });
    assert.ok(kids.results.some((b) => b.id === DEMO_IDS.localSetupPage));
    await rejects(notion.pages.move({ page_id: DEMO_IDS.engineeringPage, parent: { page_id: DEMO_IDS.architecturePage } }), 400, 'validation_error');
  });

  it('reflects control-API edits as a Notion user', async () => {
    const page = await control.createPage({ parentId: DEMO_IDS.tasksDataSource, title: 'From control', properties: { Status: 'Done', Tags: ['docs'], Estimate: 2 }, markdown: 'Body text' });
    const got = await notion.pages.retrieve({ page_id: page.id });
    assert.ok(isFullPage(got));
    assert.equal(got.last_edited_by.id, DEMO_IDS.adaUser);
    assert.ok(got.properties.Status.type === 'status' && got.properties.Status.status?.name === 'Done');
    await control.editPage(page.id, { title: 'Renamed', appendMarkdown: '- item' });
    const snap = await control.getPage(page.id);
    assert.equal(snap.title, 'Renamed');
    assert.equal(snap.markdown, 'Body text\n- item');
    await control.trashPage(page.id);
    assert.equal((await notion.pages.retrieve({ page_id: page.id }) as PageObjectResponse).in_trash, true);
    await control.restorePage(page.id);
    await control.movePage(DEMO_IDS.architecturePage, DEMO_IDS.rootPage);
    const state = await control.state();
    assert.equal(state.pages.find((p) => p.id === DEMO_IDS.architecturePage)?.parentId, DEMO_IDS.rootPage);
    const log = await control.requests();
    assert.ok(log.every((e) => e.path.startsWith('/v1/')));
    assert.ok(log.some((e) => e.method === 'GET' && e.path === `/v1/pages/${page.id}` && e.status === 200));
  });

  it('drops `archived` from responses and rejects it in requests under 2026-03-11', async () => {
    const p = await notionMd.pages.retrieve({ page_id: DEMO_IDS.rootPage });
    assert.ok(!('archived' in p) && 'in_trash' in p);
    const old = await notion.pages.retrieve({ page_id: DEMO_IDS.rootPage });
    assert.ok('archived' in old);
    await rejects(notionMd.pages.update({ page_id: DEMO_IDS.rootPage, archived: true }), 400, 'validation_error');
  });
});
