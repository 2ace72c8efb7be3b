// Bidirectional mode against the emulator: local edits reach Notion as targeted
// edits (untouched blocks keep their ids), non-overlapping edits on both sides
// merge, overlapping ones conflict, partial pages are never pushed, and
// publish mode never pushes at all.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';
import { unsigned } from './support/signedUrls';

const ROOT = 'notion/Acme Handbook';
const LOCAL_SETUP = `${ROOT}/Getting Started/Local Setup.md`;

async function edit(h: Harness, rel: string, fn: (text: string) => string): Promise<string> {
  const next = fn(await readText(h.workspace, rel));
  await writeFile(path.join(h.workspace, rel), next);
  return next;
}

function blockIds(blocks: Array<Record<string, unknown>>): string[] {
  return blocks.map((b) => String(b.id));
}

describe('engine: bidirectional mode (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('pushes a local edit as a targeted change; untouched blocks keep their ids', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const before = await h.control.getPage(DEMO_IDS.localSetupPage);
    const firstLine = before.markdown.split('\n')[0];
    // A new paragraph (a blank line before it: a line right after a paragraph would continue it).
    await edit(h, LOCAL_SETUP, (t) => t.replace(/\n$/, '\n\nA line written locally.\n'));
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    assert.deepEqual(
      report.changes.filter((c) => c.action === 'push').map((c) => [c.path, c.detail]),
      [[LOCAL_SETUP, 'local edits to Notion']],
      'the report names the pushed file',
    );
    const after = await h.control.getPage(DEMO_IDS.localSetupPage);
    assert.match(after.markdown, /A line written locally\./);
    assert.ok(after.markdown.startsWith(firstLine));
    const kept = blockIds(before.blocks).filter((id) => blockIds(after.blocks).includes(id));
    assert.equal(kept.length, before.blocks.length, 'every original block survived the push');
    assert.equal(store.getMapByPath(LOCAL_SETUP)?.state, 'synced');
    // Nothing left to do, and no echo: a second sync changes nothing.
    const again = await engine.sync();
    assert.equal(again.failed, 0);
    assert.ok(!again.changes.some((c) => c.action === 'conflict'));
  });

  it('pushes a property edit of a database row', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const task = store.listTasks().find((t) => t.status !== 'Done')!;
    await edit(h, task.path!, (t) => t.replace(/^Status: .*$/m, 'Status: Done'));
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    const snap = await h.control.getPage(task.notionId);
    const status = snap.page.properties.Status;
    assert.ok(status.type === 'status' && status.status?.name === 'Done');
  });

  it('merges non-overlapping edits on both sides, and conflicts on overlapping ones', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await edit(h, LOCAL_SETUP, (t) => t.replace(/\n$/, '\nLocal tail.\n'));
    const snap = await h.control.getPage(DEMO_IDS.localSetupPage);
    await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: `Remote head.\n${snap.markdown}` });
    const merged = await engine.sync();
    assert.equal(merged.conflicts, 0, JSON.stringify(merged.changes));
    const text = await readText(h.workspace, LOCAL_SETUP);
    assert.match(text, /Remote head\./);
    assert.match(text, /Local tail\./);
    const remote = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    assert.match(remote, /Remote head\./);
    assert.match(remote, /Local tail\./);

    // Same line changed on both sides: a conflict, the local words kept.
    const mine = await edit(h, LOCAL_SETUP, (t) => t.replace('Remote head.', 'Local head.'));
    const now = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: now.replace('Remote head.', 'Other head.') });
    const clash = await engine.sync();
    assert.equal(clash.conflicts, 1);
    assert.deepEqual(clash.changes.filter((ch) => ch.action === 'conflict').map((ch) => ch.path), [LOCAL_SETUP], 'one report line for one conflict');
    assert.equal(await readText(h.workspace, LOCAL_SETUP), mine);
    assert.equal(store.getMapByPath(LOCAL_SETUP)?.state, 'conflict');

    // Keeping the local version pushes it over the version seen in Notion.
    const [c] = store.getUnresolvedConflicts();
    await engine.resolveConflict(c.id, 'local');
    const after = await engine.processQueue();
    assert.equal(after.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    const pushed = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    assert.match(pushed, /Local head\./);
    assert.doesNotMatch(pushed, /Other head\./);
  });

  it('a new file in a synced folder becomes a new Notion page (and a row in a database folder), once', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const note = `${ROOT}/Getting Started/Team rituals.md`;
    await writeFile(path.join(h.workspace, note), '# Team rituals\n\nStand-up at ten.\n');
    const row = `${ROOT}/Tasks/Order new chairs.md`;
    await writeFile(path.join(h.workspace, row), '---\nStatus: In progress\nEstimate: 3\n---\nFour chairs for the new room.\n');
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    // The run's report says what went to Notion, as it says what came from it.
    const pushed = report.changes.filter((c) => c.action === 'push').map((c) => `${c.path} (${c.detail})`);
    assert.deepEqual(pushed.sort(), [`${note} (a new Notion page)`, `${row} (a new Notion page)`]);

    const state = await h.control.state();
    const created = state.pages.filter((p) => p.title === 'Team rituals' && !p.inTrash);
    assert.equal(created.length, 1);
    assert.equal(created[0].parentId, DEMO_IDS.gettingStartedPage);
    assert.match((await h.control.getPage(created[0].id)).markdown, /Stand-up at ten\./);
    assert.match(await readText(h.workspace, note), new RegExp(`notion_id: ${created[0].id}`));
    assert.match(await readText(h.workspace, note), /Stand-up at ten\./);

    const task = state.pages.filter((p) => p.title === 'Order new chairs' && !p.inTrash);
    assert.equal(task.length, 1);
    const status = (await h.control.getPage(task[0].id)).page.properties.Status;
    assert.ok(status.type === 'status' && status.status?.name === 'In progress');

    // Syncing again creates nothing more and changes nothing.
    const again = await engine.sync();
    assert.equal(again.failed, 0);
    const after = await h.control.state();
    assert.equal(after.pages.filter((p) => p.title === 'Team rituals' || p.title === 'Order new chairs').length, 2);
    assert.ok(!again.changes.some((c) => c.path === note || c.path === row), JSON.stringify(again.changes));
  });

  it('never pushes a partial page', async () => {
    // Notion answers this page truncated, with an <unknown> block (as for content past its load limit).
    const truncating: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if ((init?.method ?? 'GET') !== 'GET' || !url.includes(`/v1/pages/${DEMO_IDS.localSetupPage}/markdown`) || !res.ok) return res;
      const body = (await res.json()) as { markdown: string };
      const markdown = `${body.markdown}\n\n<unknown url="https://www.notion.so/x#00000000000000000000000000000001" alt="breadcrumb"/>`;
      return new Response(JSON.stringify({ ...body, markdown, truncated: true, unknown_block_ids: ['00000000-0000-0000-0000-000000000001'] }), { status: 200, headers: res.headers });
    };
    const { engine, store } = await h.open({ mode: 'bidirectional' }, { fetch: truncating });
    await engine.pull();
    const partial = store.listMaps().find((m) => m.notionType === 'page' && /notion_partial: true/.test(store.getBase(m.localId)?.content ?? ''));
    assert.ok(partial, 'the demo has a page with blocks markdown cannot carry');
    const before = (await h.control.getPage(partial.notionId)).markdown;
    await edit(h, partial.path, (t) => t.replace(/\n$/, '\nlocal\n'));
    await engine.sync();
    // Unchanged, but for the signatures of hosted media URLs (new on every read).
    assert.equal(unsigned((await h.control.getPage(partial.notionId)).markdown), unsigned(before));
    const dead = store.getQueue({ status: 'dead' });
    assert.ok(dead.some((r) => r.operation === 'push' && /never pushed/.test(r.lastError ?? '')), JSON.stringify(dead));
  });

  it('publish mode keeps local edits local and marks them modified', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const before = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    await edit(h, LOCAL_SETUP, (t) => t.replace(/\n$/, '\nOnly here.\n'));
    await writeFile(path.join(h.workspace, `${ROOT}/Getting Started/Local draft.md`), 'Not for Notion.\n');
    const pagesBefore = (await h.control.state()).pages.length;
    await engine.sync();
    assert.equal((await h.control.state()).pages.length, pagesBefore, 'no page created from a local file');
    assert.equal((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, before);
    assert.equal(store.getMapByPath(LOCAL_SETUP)?.state, 'modified');
  });

  it('a file left local in publish mode becomes a page once the workspace turns bidirectional, unchanged since', async () => {
    const first = await h.open();
    await first.engine.pull();
    const draft = `${ROOT}/Getting Started/Local draft.md`;
    await writeFile(path.join(h.workspace, draft), 'Written while publishing.\n');
    await first.engine.sync();
    await first.engine.sync();
    const titled = async () => (await h.control.state()).pages.filter((p) => p.title === 'Local draft' && !p.inTrash);
    assert.equal((await titled()).length, 0, 'publish mode creates nothing');
    await first.close();

    const { engine } = await h.open({ mode: 'bidirectional' });
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    const created = await titled();
    assert.equal(created.length, 1, 'created by the first bidirectional run (was: never, until the file changed)');
    assert.equal(created[0].parentId, DEMO_IDS.gettingStartedPage);
    assert.match(await readText(h.workspace, draft), new RegExp(`notion_id: ${created[0].id}`));
    assert.ok(report.changes.some((c) => c.action === 'push' && c.path === draft), JSON.stringify(report.changes));
    await engine.sync();
    assert.equal((await titled()).length, 1, 'once');
  });
});

describe('engine: a Notion edit landing while a push is under way (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  /** A fetch that lets a colleague edit the page in Notion just before, or just after, the push's markdown edit. */
  function racing(when: 'before' | 'after', edit: () => Promise<unknown>): { fetch: typeof fetch; arm(): void; fired(): boolean } {
    let armed = false;
    let fired = false;
    const isEdit = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return armed && (init?.method ?? 'GET').toUpperCase() === 'PATCH' && new URL(url).pathname.endsWith('/markdown');
    };
    return {
      arm: () => (armed = true),
      fired: () => fired,
      fetch: async (input, init) => {
        const hit = isEdit(input, init);
        if (hit) [armed, fired] = [false, true];
        if (hit && when === 'before') await edit();
        const res = await fetch(input, init);
        if (hit && when === 'after') await edit();
        return res;
      },
    };
  }

  for (const when of ['after', 'before'] as const) {
    it(`${when} the push's edit: brought into the file by the next pull, and a later push keeps it in Notion`, async () => {
      const colleague = 'A line a colleague added in Notion.';
      const race = racing(when, () => h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: colleague }));
      await pushWithRace(race, colleague);
    });
  }

  async function pushWithRace(race: ReturnType<typeof racing>, colleague: string): Promise<void> {
    const { engine, store } = await h.open({ mode: 'bidirectional' }, { fetch: race.fetch });
    await engine.pull();
    await edit(h, LOCAL_SETUP, (t) => t.replace(/^Install/m, 'My first line.\n\nInstall'));
    race.arm();
    assert.equal((await engine.sync()).failed, 0);
    assert.ok(race.fired(), 'the colleague edited during the push');
    h.advance(120_000);
    await engine.sync();
    const file = await readText(h.workspace, LOCAL_SETUP);
    assert.match(file, /My first line\./);
    assert.match(file, new RegExp(colleague), 'the pull brought the colleague\'s line into the file');
    // A later local edit goes out without taking the colleague's line away.
    await edit(h, LOCAL_SETUP, (t) => t.replace(/\n$/, '\n\nMy second line.\n'));
    h.advance(120_000);
    assert.equal((await engine.sync()).failed, 0);
    const notion = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    assert.match(notion, /My first line\./);
    assert.match(notion, /My second line\./);
    assert.match(notion, new RegExp(colleague), 'Notion still holds the colleague\'s line');
    assert.equal(store.getUnresolvedConflicts().length, 0);
  }
});
