// Links between synced pages, against the emulator over HTTP with the real SDK:
// relative in the files, Notion links in Notion, and following the pages they
// point at when those are renamed, moved or trashed (in Notion or in the
// workspace) without a single write to Notion for it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
    assert.match(await readText(h.workspace, HANDBOOK), /\[Onboarding\]\(Acme%20Handbook\/Onboarding\.md\)/, 'the parent\'s child link');
    assert.ok(existsSync(path.join(h.workspace, 'notion/Acme Handbook/Onboarding.md')));
    assert.deepEqual(await writesToNotion(h), [], 'the link rewrites are not pushed');
    assert.equal(store.getUnresolvedConflicts().length, 0);
    assert.equal(store.getMapByPath(ENGINEERING)?.state, 'synced');
    const again = await engine.sync();
    assert.deepEqual(again.changes, [], 'the next sync has nothing to do');
    assert.deepEqual(await writesToNotion(h), []);
  });

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

  it('a page sent to the trash in Notion: links to it become its Notion URL again', async () => {
    const { engine } = await h.open();
    await engine.pull();
    await h.control.trashPage(DEMO_IDS.gettingStartedPage);
    h.advance(120_000);
    await engine.sync({ full: true });
    assert.match(await readText(h.workspace, ENGINEERING), new RegExp(`\\[Getting Started\\]\\(https://www\\.notion\\.so/${hex(DEMO_IDS.gettingStartedPage)}\\)`));
  });
});
