// Links between synced pages, against the emulator over HTTP with the real SDK:
// relative in the files, Notion links in Notion, and following the pages they
// point at when those are renamed, moved or trashed (in Notion or in the
// workspace) without a single write to Notion for it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './support/cliProcess';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const HANDBOOK = 'notion/Acme Handbook.md';
const ENGINEERING = 'notion/Acme Handbook/Engineering.md';
const hex = (id: string) => id.replace(/-/g, '');

/** Requests that change something in Notion (anything but reads). */
async function writesToNotion(h: Harness): Promise<string[]> {
  return (await h.control.requests()).filter((r) => r.method !== 'GET' && !/\/(search|query)$/.test(r.path)).map((r) => `${r.method} ${r.path}`);
}

async function edit(h: Harness, rel: string, change: (text: string) => string): Promise<void> {
  await writeFile(path.join(h.workspace, rel), change(await readText(h.workspace, rel)));
}

describe('engine: links follow the pages they point at (emulator over HTTP)', function () {
  this.timeout(120_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('a page renamed in Notion: links to it in other files follow in the same pull, and nothing is sent to Notion', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    assert.match(await readText(h.workspace, ENGINEERING), /\[Getting Started\]\(Getting%20Started\.md\)/);
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    h.advance(120_000);
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    assert.match(await readText(h.workspace, ENGINEERING), /\[Getting Started\]\(Onboarding\.md\)/, 'a plain link in another file');
    assert.ok(report.changes.some((c) => c.action === 'update' && c.path === ENGINEERING && c.detail === 'links follow a moved page'), JSON.stringify(report.changes));
    assert.match(await readText(h.workspace, HANDBOOK), /\[Onboarding\]\(Acme%20Handbook\/Onboarding\.md\)/, 'the parent\'s child link');
    assert.ok(existsSync(path.join(h.workspace, 'notion/Acme Handbook/Onboarding.md')));
    assert.deepEqual(await writesToNotion(h), [], 'the link rewrites are not pushed');
    assert.equal(store.getUnresolvedConflicts().length, 0);
    assert.equal(store.getMapByPath(ENGINEERING)?.state, 'synced');
    const again = await engine.sync();
    assert.deepEqual(again.changes, [], 'the next sync has nothing to do');
    assert.deepEqual(await writesToNotion(h), []);
  });

  it('a rename that arrives through the queue (a webhook) is followed by the same queue run', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    store.enqueue({ operation: 'update', notionId: DEMO_IDS.gettingStartedPage, source: 'webhook' });
    await h.control.clearRequests();
    const r = await engine.processQueue();
    assert.equal(r.failed, 0);
    assert.ok(existsSync(path.join(h.workspace, 'notion/Acme Handbook/Onboarding.md')));
    assert.match(await readText(h.workspace, ENGINEERING), /\[Getting Started\]\(Onboarding\.md\)/);
    assert.deepEqual(await writesToNotion(h), []);
  });

  for (const [what, knobs] of [
    ['app.notion.com page URLs', { pageUrlHost: 'app.notion.com' }],
    ['v1 answers (<mention-page url>Title</mention-page>)', { markdownResponse: 'v1' }],
  ] as const) {
    it(`links and mentions between synced pages are relative with ${what} from the first pull`, async () => {
      await h.control.setKnobs(knobs);
      const { engine } = await h.open();
      await engine.pull();
      const text = await readText(h.workspace, ENGINEERING);
      assert.match(text, /\[Architecture\]\(Engineering\/Architecture\.md "notion:mention[^\n]*\); new people start with \[Getting Started\]\(Getting%20Started\.md\)/, text);
      assert.doesNotMatch(text.split('---\n')[2] ?? '', /\]\(https?:\/\/[^)]*notion/, 'no Notion URL left in a link');
    });
  }

  it('a page moved in Notion: its own links and the links to it are rewritten for the new folder depth', async () => {
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: `See [how we build](https://www.notion.so/Engineering-${hex(DEMO_IDS.engineeringPage)}).` });
    await h.control.editPage(DEMO_IDS.architecturePage, { appendMarkdown: `Set up first: [local setup](https://www.notion.so/${hex(DEMO_IDS.localSetupPage)}).` });
    const { engine, store } = await h.open();
    await engine.pull();
    const arch = 'notion/Acme Handbook/Engineering/Architecture.md';
    assert.match(await readText(h.workspace, arch), /\[local setup\]\(\.\.\/Getting%20Started\/Local%20Setup\.md\)/);
    await h.control.movePage(DEMO_IDS.localSetupPage, DEMO_IDS.architecturePage);
    h.advance(120_000);
    await h.control.clearRequests();
    await engine.sync();
    const moved = 'notion/Acme Handbook/Engineering/Architecture/Local Setup.md';
    assert.match(await readText(h.workspace, moved), /\[how we build\]\(\.\.\/\.\.\/Engineering\.md\)/);
    assert.match(await readText(h.workspace, arch), /\[local setup\]\(Architecture\/Local%20Setup\.md\)/);
    assert.deepEqual(await writesToNotion(h), []);
    assert.equal(store.getUnresolvedConflicts().length, 0);
  });

  it('a local edit in a linking file is kept: only the link changes, the edit stays local (publish mode)', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    await edit(h, ENGINEERING, (t) => t.replace('We prefer boring technology', 'We really prefer boring technology'));
    await engine.indexDocuments();
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    h.advance(120_000);
    await engine.sync();
    const text = await readText(h.workspace, ENGINEERING);
    assert.match(text, /We really prefer boring technology/, 'the local edit is kept');
    assert.match(text, /\[Getting Started\]\(Onboarding\.md\)/, 'the link followed');
    assert.equal(store.getMapByPath(ENGINEERING)?.state, 'modified', 'still a local edit');
    assert.equal(store.getUnresolvedConflicts().length, 0);
    // Notion then edits the same page: a conflict as usual, never an overwrite.
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'Added in Notion.' });
    h.advance(120_000);
    await engine.sync();
    assert.match(await readText(h.workspace, ENGINEERING), /We really prefer boring technology/);
    assert.equal(store.getUnresolvedConflicts().length, 1);
  });

  it('bidirectional: an unpushed edit in a linking file is pushed alone; Notion keeps its link by id', async () => {
    const { engine } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    h.advance(120_000);
    await edit(h, ENGINEERING, (t) => t.replace('We prefer boring technology', 'We really prefer boring technology'));
    await engine.sync();
    assert.match(await readText(h.workspace, ENGINEERING), /\[Getting Started\]\(Onboarding\.md\)/);
    const notion = (await h.control.getPage(DEMO_IDS.engineeringPage)).markdown;
    assert.match(notion, /We really prefer boring technology/);
    assert.ok(notion.includes(hex(DEMO_IDS.gettingStartedPage)), notion);
  });

  it('a file renamed by the user: links to it in other files follow, and nothing is pushed', async () => {
    await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: `See [how we build](https://www.notion.so/Engineering-${hex(DEMO_IDS.engineeringPage)}).` });
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const setup = 'notion/Acme Handbook/Getting Started/Local Setup.md';
    assert.match(await readText(h.workspace, setup), /\[how we build\]\(\.\.\/Engineering\.md\)/);
    await rename(path.join(h.workspace, ENGINEERING), path.join(h.workspace, 'notion/Acme Handbook/Engineering notes.md'));
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    assert.equal(store.getMapByNotionId(DEMO_IDS.engineeringPage)?.path, 'notion/Acme Handbook/Engineering notes.md');
    assert.match(await readText(h.workspace, setup), /\[how we build\]\(\.\.\/Engineering%20notes\.md\)/);
    assert.match(await readText(h.workspace, HANDBOOK), /\[Engineering\]\(Acme%20Handbook\/Engineering%20notes\.md\)/);
    assert.deepEqual(await writesToNotion(h), [], 'nothing is pushed for it');
    assert.equal(store.getUnresolvedConflicts().length, 0);
    assert.deepEqual((await engine.sync()).changes, []);
    assert.deepEqual(await writesToNotion(h), []);
  });

  it('a file moved to another folder by the user: wherever the sync leaves it, the links lead to it', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await mkdir(path.join(h.workspace, 'notion/Acme Handbook/Guides'), { recursive: true });
    await rename(path.join(h.workspace, 'notion/Acme Handbook/Getting Started.md'), path.join(h.workspace, 'notion/Acme Handbook/Guides/First week.md'));
    await h.control.clearRequests();
    await engine.sync();
    // The page's place is Notion's (its title and parent, and its children's folder): links follow it there.
    const now = store.getMapByNotionId(DEMO_IDS.gettingStartedPage)!.path;
    assert.ok(existsSync(path.join(h.workspace, now)), now);
    const link = /\[Getting Started\]\(([^)]+)\)/.exec(await readText(h.workspace, ENGINEERING))?.[1] ?? '';
    assert.equal(path.posix.join(path.posix.dirname(ENGINEERING), decodeURI(link)), now);
    const handbook = /\[Getting Started\]\(([^)]+)\)/.exec(await readText(h.workspace, HANDBOOK))?.[1] ?? '';
    assert.equal(path.posix.join('notion', decodeURI(handbook)), now);
    assert.deepEqual(await writesToNotion(h), []);
  });

  it('a link in a toggle\'s title follows a rename like any other link', async () => {
    await h.control.editPage(DEMO_IDS.engineeringPage, {
      appendMarkdown: `<toggle>\nBefore you start, read [Getting Started](https://www.notion.so/${hex(DEMO_IDS.gettingStartedPage)})\n\nIt has the checklist.\n</toggle>`,
      markdownVersion: 'v2',
    });
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    assert.match(await readText(h.workspace, ENGINEERING), /<summary>Before you start, read \[Getting Started\]\(Getting%20Started\.md\)<\/summary>/);
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    h.advance(120_000);
    await h.control.clearRequests();
    await engine.sync();
    assert.match(await readText(h.workspace, ENGINEERING), /<summary>Before you start, read \[Getting Started\]\(Onboarding\.md\)<\/summary>/);
    assert.deepEqual(await writesToNotion(h), []);
    assert.equal(store.getUnresolvedConflicts().length, 0);
    assert.equal(store.getMapByPath(ENGINEERING)?.state, 'synced');
  });

  it('a page sent to the trash in Notion: links to it become its Notion URL again', async () => {
    const { engine } = await h.open();
    await engine.pull();
    await h.control.trashPage(DEMO_IDS.gettingStartedPage);
    h.advance(120_000);
    await engine.sync({ full: true });
    // Its Notion URL, bare or with the title slug Notion puts before the id.
    assert.match(await readText(h.workspace, ENGINEERING), new RegExp(`\\[Getting Started\\]\\(https://www\\.notion\\.so/(?:[\\w-]+-)?${hex(DEMO_IDS.gettingStartedPage)}\\)`));
  });
});

/** The id of the first block of `type` in a page whose text is `text` (the emulator's block JSON). */
async function blockId(h: Harness, pageId: string, type: string, text: string): Promise<string> {
  const { blocks } = await h.control.getPage(pageId);
  const found = blocks.find((b) => b.type === type && JSON.stringify(b[type]).includes(`"plain_text":"${text}"`));
  assert.ok(found, `${type} "${text}"`);
  return String(found.id);
}

describe('engine: links to headings and to files Notion cannot name (emulator over HTTP)', function () {
  this.timeout(120_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('a link to a heading block becomes the heading\'s anchor, and goes back to the same block', async () => {
    const checklist = hex(await blockId(h, DEMO_IDS.gettingStartedPage, 'heading_2', 'Checklist'));
    const principles = hex(await blockId(h, DEMO_IDS.gettingStartedPage, 'heading_2', 'Principles'));
    const build = hex(await blockId(h, DEMO_IDS.engineeringPage, 'heading_2', 'How we build'));
    const quote = hex(await blockId(h, DEMO_IDS.gettingStartedPage, 'quote', 'Simple things should be simple, complex things should be possible.'));
    const gs = hex(DEMO_IDS.gettingStartedPage);
    await h.control.editPage(DEMO_IDS.engineeringPage, {
      appendMarkdown: `Do the [checklist](https://www.notion.so/Getting-Started-${gs}#${checklist}), see [above](https://www.notion.so/Engineering-${hex(DEMO_IDS.engineeringPage)}#${build}) and [the motto](https://app.notion.com/p/${gs}#${quote}).`,
    });
    const { engine } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const pulled = await readText(h.workspace, ENGINEERING);
    assert.match(pulled, /\[checklist\]\(Getting%20Started\.md#checklist\)/, 'a heading in another page: its slug');
    assert.match(pulled, /\[above\]\(#how-we-build\)/, 'a heading of the page itself: an in-page anchor');
    assert.ok(pulled.includes(`[the motto](Getting%20Started.md#${quote})`), 'a block that is no heading keeps its id');

    // An edit in the same paragraph, and a new link to a heading: Notion gets block links, none lost.
    await edit(h, ENGINEERING, (t) => t.replace('Do the [checklist]', 'First do the [checklist]').replace(/\n$/, '\n\nMind the [principles](Getting%20Started.md#principles) and [nothing](Getting%20Started.md#no-such-heading).\n'));
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    const notion = (await h.control.getPage(DEMO_IDS.engineeringPage)).markdown;
    assert.match(notion, /First do the/);
    for (const [block, what] of [[checklist, 'checklist'], [build, 'in-page heading'], [quote, 'quote block'], [principles, 'new heading link']]) {
      assert.ok(notion.includes(`#${block}`), `${what} keeps its block anchor in Notion:\n${notion}`);
    }
    assert.ok(notion.includes(`[nothing](https://www.notion.so/${gs})`), 'an unknown heading links to the page');
    assert.ok((await writesToNotion(h)).length > 0);
    await h.control.clearRequests();
    h.advance(120_000);
    const again = await engine.sync();
    assert.deepEqual(again.changes, []);
    assert.deepEqual(await writesToNotion(h), [], 'nothing more to push');
    assert.match(await readText(h.workspace, ENGINEERING), /\[principles\]\(Getting%20Started\.md#principles\)/);
  });

  it('headings with the same text: each anchor names its own block, numbered as GitHub numbers them', async () => {
    await h.control.editPage(DEMO_IDS.architecturePage, { appendMarkdown: '## Notes\n\nFirst.\n\n## Notes\n\nSecond.', markdownVersion: 'v2' });
    const { blocks } = await h.control.getPage(DEMO_IDS.architecturePage);
    const notes = blocks.filter((b) => b.type === 'heading_2' && JSON.stringify(b.heading_2).includes('"plain_text":"Notes"')).map((b) => hex(String(b.id)));
    assert.equal(notes.length, 2);
    const arch = hex(DEMO_IDS.architecturePage);
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: `See [first](https://www.notion.so/${arch}#${notes[0]}) and [second](https://www.notion.so/${arch}#${notes[1]}).` });
    const { engine } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    assert.match(await readText(h.workspace, ENGINEERING), /\[first\]\(Engineering\/Architecture\.md#notes\) and \[second\]\(Engineering\/Architecture\.md#notes-1\)/);
    await edit(h, ENGINEERING, (t) => t.replace('See [first]', 'Read [first]'));
    await engine.sync();
    const notion = (await h.control.getPage(DEMO_IDS.engineeringPage)).markdown;
    assert.ok(notion.includes(`#${notes[0]}) and [second]`) && notion.includes(`#${notes[1]})`), notion);
  });

  it('a new local page linking to a heading of a synced page is created in Notion with the block link, and reads back unchanged', async () => {
    const checklist = hex(await blockId(h, DEMO_IDS.gettingStartedPage, 'heading_2', 'Checklist'));
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const rel = 'notion/Acme Handbook/Engineering/Onboarding notes.md';
    await writeFile(path.join(h.workspace, rel), '# Onboarding notes\n\nStart with the [checklist](../Getting%20Started.md#checklist).\n');
    await engine.sync();
    const id = store.getMapByPath(rel)?.notionId;
    assert.ok(id, 'created');
    const notion = (await h.control.getPage(id)).markdown;
    assert.ok(notion.includes(`${hex(DEMO_IDS.gettingStartedPage)}#${checklist}`), notion);
    await h.control.clearRequests();
    h.advance(120_000);
    await engine.sync();
    assert.deepEqual(await writesToNotion(h), [], 'nothing more to push');
    assert.match(await readText(h.workspace, rel), /\[checklist\]\(\.\.\/Getting%20Started\.md#checklist\)/);
  });

  const GETTING_STARTED = 'notion/Acme Handbook/Getting Started.md';
  for (const [what, linker, link, linkFirst] of [
    ['from its parent, edited first', ENGINEERING, 'Engineering/Glossary.md', true],
    ['from its parent, file written first', ENGINEERING, 'Engineering/Glossary.md', false],
    ['from another page', GETTING_STARTED, 'Engineering/Glossary.md', true],
  ] as const) {
    it(`a link to a new local file reaches Notion as a link to the page created for it in the same sync (${what})`, async () => {
      const { engine, store } = await h.open({ mode: 'bidirectional' });
      await engine.pull();
      const glossary = 'notion/Acme Handbook/Engineering/Glossary.md';
      const addLink = () => edit(h, linker, (t) => `${t}\nTerms are in the [glossary](${link}).\n`);
      const addFile = () => writeFile(path.join(h.workspace, glossary), '# Glossary\n\nBack to [engineering](../Engineering.md).\n');
      if (linkFirst) await addLink().then(addFile);
      else await addFile().then(addLink);
      const report = await engine.sync();
      assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((r) => r.lastError).map((r) => [r.operation, r.lastError])));
      const id = store.getMapByPath(glossary)?.notionId;
      assert.ok(id, 'the new file became a page');
      const notion = (await h.control.getPage(store.getMapByPath(linker)!.notionId)).markdown;
      assert.ok(new RegExp(`\\[glossary\\]\\([^)]*${hex(id)}`).test(notion), `the link names the new page:\n${notion}`);
      assert.ok((await h.control.getPage(id)).markdown.includes(hex(DEMO_IDS.engineeringPage)), 'and its link back names Engineering');
      await h.control.clearRequests();
      h.advance(120_000);
      assert.deepEqual((await engine.sync()).changes, []);
      assert.deepEqual(await writesToNotion(h), [], 'nothing is pushed again');
      assert.ok((await readText(h.workspace, linker)).includes(`[glossary](${link})`), 'the file keeps its relative link');
      assert.equal(store.getUnresolvedConflicts().length, 0);
    });
  }

  it('a link to a file that does not exist yet goes as text; once a page pulled from Notion lands at that path, Notion gets the link', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await edit(h, ENGINEERING, (t) => `${t}\nSee the [roadmap](Roadmap.md).\n`);
    assert.equal((await engine.sync()).failed, 0);
    assert.match((await h.control.getPage(DEMO_IDS.engineeringPage)).markdown, /See the roadmap\./, 'as text while there is no such page');
    const roadmap = await h.control.createPage({ parentId: DEMO_IDS.rootPage, title: 'Roadmap', markdown: 'Next: links everywhere.' });
    h.advance(120_000);
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((r) => r.lastError).map((r) => [r.operation, r.lastError])));
    assert.equal(store.getMapByNotionId(roadmap.id)?.path, 'notion/Acme Handbook/Roadmap.md');
    const notion = (await h.control.getPage(DEMO_IDS.engineeringPage)).markdown;
    assert.ok(new RegExp(`\\[roadmap\\]\\([^)]*${hex(roadmap.id)}`).test(notion), notion);
    await h.control.clearRequests();
    h.advance(120_000);
    assert.deepEqual((await engine.sync()).changes, []);
    assert.deepEqual(await writesToNotion(h), []);
    assert.match(await readText(h.workspace, ENGINEERING), /See the \[roadmap\]\(Roadmap\.md\)\./);
  });

  it('a mention of a database and a link to it lead to its folder; pushed back, they name the database', async () => {
    const db = hex(DEMO_IDS.tasksDatabase);
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: `Work is tracked in <mention url="https://www.notion.so/${db}" type="database">Tasks</mention> ([list](https://www.notion.so/${db})).`, markdownVersion: 'v2' });
    const { engine } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const pulled = await readText(h.workspace, ENGINEERING);
    assert.match(pulled, /tracked in \[Tasks\]\(Tasks "notion:mention .*"\) \(\[list\]\(Tasks\)\)/, pulled);
    await edit(h, ENGINEERING, (t) => t.replace('Work is tracked in', 'All work is tracked in'));
    await engine.sync();
    const notion = (await h.control.getPage(DEMO_IDS.engineeringPage)).markdown;
    assert.match(notion, /All work is tracked in/);
    assert.equal(notion.split(db).length - 1, 2, notion);
    assert.ok(!notion.includes(hex(DEMO_IDS.tasksDataSource)), 'never the data source id');
  });

  it('a link to a markdown file that is not synced: a Problems entry before the push; the page is pushed with the link text, once', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await mkdir(path.join(h.workspace, 'notes'), { recursive: true });
    await writeFile(path.join(h.workspace, 'notes/todo.md'), '# Todo\n');
    await edit(h, ENGINEERING, (t) => `${t}\nSee [my notes](../../notes/todo.md) and [a gap](#no-such-heading).\n`);
    const index = await engine.indexDocuments();
    const found = index.diagnostics.filter((d) => d.path === ENGINEERING && d.code === 'notion-limit').map((d) => `${d.line}: ${d.message}`);
    assert.ok(found.some((m) => /notes\/todo\.md", which is not a synced page: sent as plain text/.test(m)), found.join('\n'));
    assert.ok(found.some((m) => /#no-such-heading", which names no heading of this page/.test(m)), found.join('\n'));
    assert.ok(!found.some((m) => /#how-we-build/.test(m)));
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    const notion = (await h.control.getPage(DEMO_IDS.engineeringPage)).markdown;
    assert.match(notion, /See my notes and a gap\./, notion);
    assert.doesNotMatch(notion, /todo\.md|no-such-heading/);
    assert.match(await readText(h.workspace, ENGINEERING), /\[my notes\]\(\.\.\/\.\.\/notes\/todo\.md\)/, 'the file keeps its link');
    await h.control.clearRequests();
    h.advance(120_000);
    assert.deepEqual((await engine.sync()).changes, []);
    assert.deepEqual(await writesToNotion(h), [], 'pushed once, not on every sync');
    assert.equal(store.getUnresolvedConflicts().length, 0);
  });

  it('the CLI prints the Problems entry of an unsynced link in the sync that pushes the page', async () => {
    await writeFile(path.join(h.workspace, 'notion-sync.json'), JSON.stringify({ roots: [DEMO_IDS.rootPage], mode: 'bidirectional' }));
    const args = ['sync', '--workspace', h.workspace, '--api-url', h.emulator.baseUrl];
    const env = { NOTION_TOKEN: 'secret_test_token' };
    assert.equal((await runCli(args, env)).code, 0);
    await edit(h, ENGINEERING, (t) => `${t}\nSee [my notes](../../notes/todo.md).\n`);
    const r = await runCli(args, env);
    assert.match(r.stdout, /warning\s+notion\/Acme Handbook\/Engineering\.md:\d+\s+Notion: link to "\.\.\/\.\.\/notes\/todo\.md", which is not a synced page: sent as plain text/, r.stdout + r.stderr);
    assert.match((await h.control.getPage(DEMO_IDS.engineeringPage)).markdown, /See my notes\./);
  });
});
