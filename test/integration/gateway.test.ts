// The Notion gateway through the real SDK over HTTP: against the local
// emulator by default, or against a real workspace when NOTION_TOKEN and
// NOTION_TEST_PAGE_ID are set (then the emulator-only knob tests are skipped).
import assert from 'node:assert/strict';
import { DEMO_IDS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';
import { MemoryLogger } from '../../src/sync/logger';
import { NotionGateway, type NotionGatewayOptions } from '../../src/sync/notion/gateway';
import { NotionAuthError, NotionNotFoundError, NotionValidationError } from '../../src/sync/notion/errors';
import { contentHash, normaliseMarkdown } from '../../src/sync/notion/markdown';
import { frontmatterToProperties, propertiesToFrontmatter } from '../../src/sync/notion/properties';
import type { BlockRequest, NotionPage, RawBlock } from '../../src/sync/notion/types';

const REAL_TOKEN = process.env.NOTION_TOKEN;
const REAL_PAGE = process.env.NOTION_TEST_PAGE_ID;
/** Optional: a proxy in front of the real API (or, to rehearse this mode, an emulator). */
const REAL_BASE_URL = process.env.NOTION_BASE_URL;
const REAL = Boolean(REAL_TOKEN && REAL_PAGE);
const TOKEN = REAL_TOKEN ?? 'secret_emulator_test_token';

/** A test that needs emulator knobs or the demo seed: pending (with the reason) against real Notion. */
function emulatorIt(title: string, fn: (this: Mocha.Context) => Promise<void>): void {
  if (REAL) it(`${title} [skipped: emulator-only, running against a real Notion workspace]`);
  else it(title, fn);
}

async function withEmulator<T>(options: EmulatorOptions, fn: (emu: RunningEmulator, control: EmulatorControl) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ port: 0, token: TOKEN, ...options });
  try {
    return await fn(emu, new EmulatorControl(emu.baseUrl));
  } finally {
    await emu.close();
  }
}

const fast = { initialMs: 20, maxMs: 250 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const paragraph = (content: string, children?: BlockRequest[]): BlockRequest =>
  ({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content } }], ...(children ? { children } : {}) } }) as BlockRequest;

interface Tree {
  type: string;
  text: string;
  children: Tree[];
}

function blockText(block: RawBlock): string {
  const body = (block as unknown as Record<string, { rich_text?: { plain_text: string }[] }>)[block.type];
  return (body?.rich_text ?? []).map((r) => r.plain_text).join('');
}

async function readTree(gw: NotionGateway, id: string): Promise<Tree[]> {
  const out: Tree[] = [];
  for await (const block of gw.listChildren(id)) {
    out.push({ type: block.type, text: blockText(block), children: block.has_children ? await readTree(gw, block.id) : [] });
  }
  return out;
}

function requestTree(blocks: BlockRequest[]): Tree[] {
  return blocks.map((b) => {
    const body = (b as unknown as { paragraph: { rich_text: { text: { content: string } }[]; children?: BlockRequest[] } }).paragraph;
    return { type: 'paragraph', text: body.rich_text.map((r) => r.text.content).join(''), children: requestTree(body.children ?? []) };
  });
}

describe(`notion gateway integration (against ${REAL ? 'a real Notion workspace' : 'the local emulator'})`, function () {
  this.timeout(180_000);
  let emulator: RunningEmulator | undefined;
  let control: EmulatorControl | undefined;
  let gw: NotionGateway;
  let sandbox: string;
  const options = (): NotionGatewayOptions =>
    REAL ? { token: TOKEN, ...(REAL_BASE_URL ? { baseUrl: REAL_BASE_URL } : {}) } : { token: TOKEN, baseUrl: emulator?.baseUrl, requestsPerSecond: 200, backoff: fast };

  before(async () => {
    if (!REAL) {
      emulator = await startEmulator({ port: 0, seed: 'demo', token: TOKEN });
      control = new EmulatorControl(emulator.baseUrl);
    }
    gw = new NotionGateway(options());
    const parent = REAL ? (REAL_PAGE as string) : DEMO_IDS.rootPage;
    const page = await gw.createPage({ parent: { type: 'page', id: parent }, title: `gateway test ${new Date().toISOString()}` });
    sandbox = page.id;
  });

  after(async () => {
    if (sandbox) await gw.trashPage(sandbox).catch(() => undefined);
    await emulator?.close();
  });

  it('validates the token: me() names the bot; a wrong token is a NotionAuthError without the token in it', async () => {
    const me = await gw.me();
    assert.equal(me.type, 'bot');
    assert.ok(me.id);
    const wrong = 'secret_this_token_is_wrong_0123456789';
    const bad = new NotionGateway({ ...options(), token: wrong });
    await assert.rejects(bad.me(), (e: unknown) => e instanceof NotionAuthError && !e.retryable && !e.message.includes(wrong) && /token/.test(e.message));
  });

  it('resolves roots from ids with or without dashes and from URLs', async () => {
    const page = await gw.getPage(sandbox);
    const compact = sandbox.replace(/-/g, '');
    for (const form of [sandbox, compact, page.url, `https://www.notion.so/Some-Title-${compact}?pvs=4`]) {
      const root = await gw.resolveRoot(form);
      assert.equal(root.kind, 'page');
      assert.equal(root.id, sandbox);
      assert.equal(root.title, page.title);
    }
    await assert.rejects(gw.resolveRoot('00000000000000000000000000000000'), NotionNotFoundError);
  });

  emulatorIt('resolves databases and data sources, and reads their schema', async () => {
    const db = await gw.resolveRoot(`https://www.notion.so/acme/${DEMO_IDS.tasksDatabase.replace(/-/g, '')}?v=0123456789abcdef0123456789abcdef`);
    assert.deepEqual([db.kind, db.id, db.title], ['database', DEMO_IDS.tasksDatabase, 'Tasks']);
    const ds = await gw.resolveRoot(`collection://${DEMO_IDS.tasksDataSource}`);
    assert.deepEqual([ds.kind, ds.id], ['data_source', DEMO_IDS.tasksDataSource]);
    const database = await gw.getDatabase(DEMO_IDS.tasksDatabase);
    assert.deepEqual(database.dataSources.map((d) => d.id), [DEMO_IDS.tasksDataSource]);
    assert.deepEqual(database.parent, { type: 'page', id: DEMO_IDS.rootPage });
    const source = await gw.getDataSource(DEMO_IDS.tasksDataSource);
    assert.equal(source.databaseId, DEMO_IDS.tasksDatabase);
    assert.equal(source.properties.Status?.type, 'status');
    const children = await gw.listChildPages(DEMO_IDS.rootPage);
    assert.deepEqual(
      children.filter((c) => c.id !== sandbox).map((c) => `${c.type}:${c.title}`),
      ['page:Getting Started', 'page:Engineering', 'database:Tasks', 'database:Docs'],
    );
  });

  it('creates a page from markdown, pulls it back losslessly, edits it in place and replaces it', async () => {
    const markdown = '## Notes\nFirst paragraph with **bold** and a [link](https://example.com/a).\n- one\n- two\n';
    const page = await gw.createPage({ parent: { type: 'page', id: sandbox }, title: 'Markdown page', markdown });
    assert.equal(page.title, 'Markdown page');
    assert.deepEqual(page.parent, { type: 'page', id: sandbox });
    const body = await gw.pullBody(page.id);
    assert.equal(body.lossy, null);
    assert.equal(body.markdown, normaliseMarkdown(markdown));
    assert.equal(body.hash, contentHash(markdown));
    assert.deepEqual(body.resources, [{ kind: 'link', url: 'https://example.com/a', title: 'link' }]);

    const edited = await gw.updatePageMarkdown(page.id, { edits: [{ oldStr: '- two', newStr: '- two, edited' }] });
    assert.match(edited.markdown, /- two, edited/);
    const replaced = await gw.updatePageMarkdown(page.id, { replace: 'Only this now.\n' });
    assert.equal(normaliseMarkdown(replaced.markdown), 'Only this now.\n');
    assert.equal((await gw.pullBody(page.id)).markdown, 'Only this now.\n');

    const trashed = await gw.trashPage(page.id);
    assert.equal(trashed.inTrash, true);
    const restored = await gw.restorePage(page.id);
    assert.equal(restored.inTrash, false);
  });

  it('splits over-limit content into valid requests and rebuilds the exact tree', async () => {
    const page = await gw.createPage({ parent: { type: 'page', id: sandbox }, title: 'Over-limit content' });
    const long = `${'L'.repeat(4_999)}😀end`;
    const deep = paragraph('level 1', [paragraph('level 2', [paragraph('level 3', [paragraph('level 4')])])]);
    const wide = paragraph('wide parent', Array.from({ length: 130 }, (_, i) => paragraph(`child ${i}`)));
    const manyRuns = {
      type: 'paragraph',
      paragraph: {
        rich_text: Array.from({ length: 150 }, (_, i) => ({ type: 'text', text: { content: `r${i} ` }, annotations: { bold: i % 2 === 0 } })),
      },
    } as BlockRequest;
    const filler = Array.from({ length: 140 }, (_, i) => paragraph(`p${i}`));
    const blocks = [paragraph(long), deep, wide, manyRuns, ...filler];
    if (control) await control.clearRequests();
    const created = await gw.appendBlocks(page.id, blocks);
    // The 150-run paragraph becomes two blocks of ≤ 100 runs.
    assert.equal(created.length, blocks.length + 1);
    const tree = await readTree(gw, page.id);
    const expected = requestTree(blocks);
    const runsText = expected[3]?.text ?? '';
    // Two pieces whose text joins back to the original.
    assert.equal(`${tree[3]?.text}${tree[4]?.text}`, runsText);
    assert.deepEqual([...tree.slice(0, 3), ...tree.slice(5)], [...expected.slice(0, 3), ...expected.slice(4)]);
    if (control) {
      const appends = (await control.requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith('/children'));
      assert.ok(appends.length >= 4, `${appends.length} append requests`);
      assert.ok(appends.every((r) => r.status === 200), JSON.stringify(appends.map((r) => r.status)));
    }
  });

  it('searches newest first and stops at editedSince', async () => {
    const seen: string[] = [];
    let previous = Infinity;
    for await (const result of gw.search({ filter: 'page' })) {
      const edited = Date.parse(result.lastEditedTime);
      assert.ok(edited <= previous, 'sorted by last_edited_time descending');
      previous = edited;
      seen.push(result.id);
      if (seen.length >= 250) break;
    }
    assert.ok(seen.includes(sandbox) || REAL, 'the sandbox page is found');
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const none: string[] = [];
    for await (const r of gw.search({ editedSince: future })) none.push(r.id);
    assert.deepEqual(none, []);
  });

  emulatorIt('round-trips every property type of the demo data sources, and rejects bad values clearly', async () => {
    const users = await gw.listUsers();
    for (const dsId of [DEMO_IDS.tasksDataSource, DEMO_IDS.docsDataSource]) {
      const ds = await gw.getDataSource(dsId);
      const rows: NotionPage[] = [];
      for await (const row of gw.queryDataSource(dsId)) rows.push(row);
      assert.ok(rows.length >= 5);
      for (const row of rows) {
        const { values, readOnly } = propertiesToFrontmatter(row.properties);
        const writable = Object.fromEntries(Object.entries(values).filter(([k]) => !readOnly.includes(k)));
        const payload = frontmatterToProperties(writable, ds.properties, { users });
        const updated = await gw.updatePageProperties(row.id, payload);
        const back = propertiesToFrontmatter(updated.properties).values;
        for (const [k, v] of Object.entries(writable)) assert.deepEqual(back[k], v, `${row.title}: ${k}`);
      }
    }
    const ds = await gw.getDataSource(DEMO_IDS.tasksDataSource);
    const changed = {
      Name: 'Renamed task',
      Status: 'Done',
      Due: { start: '2027-02-01', end: '2027-02-03' },
      Assignee: ['Grace Hopper', 'Ada Lovelace'],
      Tags: ['bug', 'infra'],
      Estimate: 13.5,
      Done: true,
    };
    const target = await firstRow(gw, ds.id);
    const row = await gw.updatePageProperties(target.id, frontmatterToProperties(changed, ds.properties, { users }));
    const { values, readOnly } = propertiesToFrontmatter(row.properties);
    assert.deepEqual(readOnly.sort(), ['Created', 'Status text', 'Updated']);
    for (const [k, v] of Object.entries(changed)) assert.deepEqual(values[k], v, k);
    assert.equal(values['Status text'], 'Done');
    assert.throws(() => frontmatterToProperties({ Status: 'Blocked' }, ds.properties), /"Blocked" is not an option of this status property/);
    assert.throws(() => frontmatterToProperties({ Created: '2020-01-01' }, ds.properties), NotionValidationError);
  });

  emulatorIt('round-trips every block type of the demo pages through the markdown endpoints', async () => {
    const gettingStarted = await gw.pullBody(DEMO_IDS.gettingStartedPage);
    // The bookmark renders as <unknown> and the sub-page as <page>: neither can be pushed.
    const pushable = gettingStarted.markdown
      .split('\n')
      .filter((l) => !l.startsWith('<unknown') && !l.startsWith('<page'))
      .join('\n');
    for (const type of ['- [x]', '\t- ', '1. ', '\t1. ', '> ', '```typescript', '![', '$$', '<details>', '<table', '### ']) {
      assert.ok(pushable.includes(type), `demo page has ${type}`);
    }
    const sources = [
      pushable,
      (await gw.pullBody(DEMO_IDS.localSetupPage)).markdown,
      (await gw.pullBody(DEMO_IDS.engineeringPage)).markdown.split('\n').filter((l) => !l.startsWith('<page')).join('\n'),
      '<callout icon="⚠️" color="yellow_bg">\n\tA callout.\n</callout>\nText with *italic*, `code`, ~~strike~~ and <span underline="true">underline</span>.\n---\n',
    ];
    for (const source of sources) {
      const copy = await gw.createPage({ parent: { type: 'page', id: sandbox }, title: 'Round trip', markdown: source });
      const back = await gw.pullBody(copy.id);
      assert.equal(back.lossy, null);
      assert.equal(back.markdown, normaliseMarkdown(source));
      assert.equal(back.hash, contentHash(source));
    }
  });

  it('flags lossy pages and still lists their bookmarks, embeds and images', async () => {
    const page = await gw.createPage({
      parent: { type: 'page', id: sandbox },
      title: 'Lossy page',
      markdown: 'Intro with ![a picture](https://images.example.com/p.png).\n',
    });
    await gw.appendBlocks(page.id, [
      { type: 'bookmark', bookmark: { url: 'https://bookmarked.example.com/post' } } as BlockRequest,
      { type: 'embed', embed: { url: 'https://embedded.example.com/widget' } } as BlockRequest,
    ]);
    const body = await gw.pullBody(page.id);
    // Notion flags a page truncated whenever it renders an <unknown> block.
    assert.equal(body.lossy?.truncated, true);
    assert.equal(body.lossy?.unknownBlockIds.length, 2);
    assert.deepEqual(
      body.resources.map((r) => `${r.kind} ${r.url}`),
      ['image https://images.example.com/p.png', 'bookmark https://bookmarked.example.com/post', 'embed https://embedded.example.com/widget'],
    );
    assert.ok(body.resources.slice(1).every((r) => r.blockId && body.lossy?.unknownBlockIds.includes(r.blockId)));
    if (REAL) return;
    // The demo seed's own lossy pages.
    const gs = await gw.pullBody(DEMO_IDS.gettingStartedPage);
    assert.equal(gs.lossy?.unknownBlockIds.length, 1);
    assert.deepEqual(
      gs.resources.map((r) => `${r.kind} ${r.url}`),
      ['image https://images.acme.test/floor-plan.png', 'bookmark https://acme.test/onboarding'],
    );
    const arch = await gw.pullBody(DEMO_IDS.architecturePage);
    assert.equal(arch.lossy?.unknownBlockIds.length, 1);
    // The demo's Notion-hosted image and PDF come as signed URLs on the emulator's file server.
    const hosted = (url: string) => (/^http:\/\/127\.0\.0\.1:\d+\/files\//.test(url) && /X-Amz-Signature=/.test(url) ? `hosted ${url.split('?')[0].split('/').pop()}` : url);
    assert.deepEqual(
      arch.resources.map((r) => `${r.kind} ${hosted(r.url)}`),
      ['image hosted layers.png', 'pdf hosted Design%20review.pdf', 'embed https://diagrams.acme.test/architecture'],
    );
    assert.equal((await gw.pullBody(DEMO_IDS.localSetupPage)).lossy, null);
  });

  emulatorIt('pages through 1,000+ children, search results and data source rows', async () => {
    await withEmulator({ seed: 'empty', pages: 1_050, rows: 1_050 }, async (emu, ctl) => {
      const g = new NotionGateway({ token: TOKEN, baseUrl: emu.baseUrl, requestsPerSecond: 500, backoff: fast });
      const children = await g.listChildPages(DEMO_IDS.benchRoot);
      assert.equal(children.filter((c) => c.type === 'page').length, 1_050);
      await ctl.clearRequests();
      const found = new Set<string>();
      for await (const r of g.search({ query: 'Bench page', filter: 'page' })) found.add(r.id);
      assert.equal(found.size, 1_050);
      assert.equal((await ctl.requests()).filter((r) => r.path === '/v1/search').length, 11);
      const rows = new Set<string>();
      for await (const r of g.queryDataSource(DEMO_IDS.benchDataSource)) rows.add(r.id);
      assert.equal(rows.size, 1_050);
    });
  });

  emulatorIt("gets every row past Notion's 10,000-result query cap with created_time windows", async () => {
    await withEmulator({ seed: 'empty', rows: 9_990 }, async (emu, ctl) => {
      await ctl.advanceClock(2 * 60_000);
      let firstLate = '';
      for (let i = 0; i < 30; i++) {
        const page = await ctl.createPage({ parentId: DEMO_IDS.benchDataSource, title: `Late ${i}` });
        firstLate ||= page.last_edited_time;
      }
      const g = new NotionGateway({ token: TOKEN, baseUrl: emu.baseUrl, requestsPerSecond: 1_000, backoff: fast });
      const ids = new Set<string>();
      let count = 0;
      for await (const r of g.queryDataSource(DEMO_IDS.benchDataSource)) {
        ids.add(r.id);
        count++;
      }
      assert.equal(count, 10_020, 'no row twice');
      assert.equal(ids.size, 10_020);
      const recent: string[] = [];
      // The first late row's own (minute-rounded) time: a wall-clock guess breaks when a slow run crosses a minute.
      const since = firstLate;
      for await (const r of g.queryDataSource(DEMO_IDS.benchDataSource, { editedSince: since })) recent.push(r.title);
      assert.equal(recent.length, 30);
      assert.ok(recent.every((t) => t.startsWith('Late')));
    });
  });

  emulatorIt('rides out a 429 storm: Retry-After honoured, the limiter paused, every call succeeds', async () => {
    await withEmulator({ seed: 'demo', rateLimit: 8 }, async (emu, ctl) => {
      const logger = new MemoryLogger();
      // Deliberately faster than the server allows, so it has to back off.
      const g = new NotionGateway({ token: TOKEN, baseUrl: emu.baseUrl, requestsPerMinute: 2_400, logger, backoff: fast });
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? g.getPage(DEMO_IDS.rootPage) : g.getPageMarkdown(DEMO_IDS.localSetupPage))),
      );
      assert.equal(results.length, 40);
      const log = await ctl.requests();
      const limited = log.filter((r) => r.status === 429).length;
      assert.ok(limited > 0, 'the emulator did rate-limit');
      assert.equal(log.filter((r) => r.status === 200).length, 40);
      assert.equal(g.stats.rateLimited, limited);
      // 8/s with a bucket of 8: 40 calls need at least (40 - 8) / 8 = 4 s.
      assert.ok(Date.now() - started >= 3_500, `${Date.now() - started} ms`);
      assert.ok(logger.lines.some((l) => /pausing all requests/.test(l)));
    });
  });

  emulatorIt('survives 20% injected faults with no failed and no duplicated operation', async () => {
    await withEmulator({ seed: 'demo' }, async (emu, ctl) => {
      const g = new NotionGateway({ token: TOKEN, baseUrl: emu.baseUrl, requestsPerSecond: 300, timeoutMs: 2_000, maxRetries: 10, backoff: fast });
      const parent = await g.createPage({ parent: { type: 'page', id: DEMO_IDS.rootPage }, title: 'Fault parent' });
      const rows: NotionPage[] = [];
      for await (const r of g.queryDataSource(DEMO_IDS.tasksDataSource)) rows.push(r);
      await ctl.setKnobs({ faultRate: 0.2 });
      await ctl.clearRequests();
      const titles = Array.from({ length: 24 }, (_, i) => `Fault page ${i}`);
      const created: NotionPage[] = [];
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (let i = lane; i < titles.length; i += 4) {
            const page = await g.createPage({ parent: { type: 'page', id: parent.id }, title: titles[i] as string, markdown: `Body of ${i}\n` });
            created.push(page);
            await g.updatePageMarkdown(page.id, { edits: [{ oldStr: `Body of ${i}`, newStr: `Edited body of ${i}` }] });
            await g.appendBlocks(page.id, [paragraph(`appended ${i}`)]);
            await g.getPageMarkdown(page.id);
          }
        }),
      );
      const ds = await g.getDataSource(DEMO_IDS.tasksDataSource);
      for (const [i, row] of rows.entries()) {
        await g.updatePageProperties(row.id, frontmatterToProperties({ Estimate: 100 + i }, ds.properties));
      }
      const faults = (await ctl.requests()).filter((r) => r.dropped || r.status >= 500).length;
      assert.ok(faults >= 5, `${faults} faults injected`);
      await ctl.setKnobs({ faultRate: 0 });

      const state = await ctl.state();
      const under = state.pages.filter((p) => p.parentId === parent.id && !p.inTrash);
      assert.deepEqual(under.map((p) => p.title).sort(), [...titles].sort(), 'each page exactly once');
      for (const page of created) {
        const snap = await ctl.getPage(page.id);
        const i = titles.indexOf(snap.title);
        assert.equal(normaliseMarkdown(snap.markdown), `Edited body of ${i}\nappended ${i}\n`, snap.title);
      }
      for (const [i, row] of rows.entries()) {
        const snap = await ctl.getPage(row.id);
        assert.equal((snap.page.properties.Estimate as { number: number }).number, 100 + i);
      }
    });
  });

  emulatorIt('does not duplicate a page whose creation timed out but landed', async () => {
    await withEmulator({ seed: 'demo' }, async (emu, ctl) => {
      const logger = new MemoryLogger();
      const g = new NotionGateway({ token: TOKEN, baseUrl: emu.baseUrl, requestsPerSecond: 100, timeoutMs: 600, backoff: fast, logger });
      await ctl.setKnobs({ latencyMs: 1_200 });
      const creating = g.createPage({ parent: { type: 'page', id: DEMO_IDS.rootPage }, title: 'Slow page' });
      await sleep(200); // the create is now inside the emulator's delay
      await ctl.setKnobs({ latencyMs: 0 });
      const page = await creating;
      const state = await ctl.state();
      const slow = state.pages.filter((p) => p.title === 'Slow page');
      assert.equal(slow.length, 1, 'exactly one page');
      assert.equal(slow[0]?.id, page.id);
      assert.equal((await ctl.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/pages').length, 1);
      assert.ok(logger.lines.some((l) => /it was applied; not retrying/.test(l)));
    });
  });

  emulatorIt('cancels a long call with its AbortSignal', async () => {
    await withEmulator({ seed: 'demo', latencyMs: 2_000 }, async (emu) => {
      const g = new NotionGateway({ token: TOKEN, baseUrl: emu.baseUrl, requestsPerSecond: 100 });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(g.getPage(DEMO_IDS.rootPage, controller.signal), (e: Error) => e.name === 'AbortError');
      assert.ok(Date.now() - started < 1_000);
    });
  });
});

async function firstRow(gw: NotionGateway, dataSourceId: string): Promise<NotionPage> {
  for await (const row of gw.queryDataSource(dataSourceId)) return row;
  throw new Error('no rows');
}
