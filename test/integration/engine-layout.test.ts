// Where files go when Notion's tree changes under them, and who owns a path:
// a parent renamed while a child changes, a rename onto a folder the user owns,
// two files claiming one page after a lost state database, and a parent file
// naming a renamed child (issue 8 #3, #4, #7 and the renamed-child title).
import assert from 'node:assert/strict';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { DEMO_IDS, harnessPerTest, listFiles, readText, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';

/** Workspace files by the notion_id their frontmatter claims. */
async function filesById(h: Harness): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const f of (await listFiles(h.workspace)).filter((x) => x.endsWith('.md'))) {
    const doc = parseDocument(await readText(h.workspace, f), f);
    const id = doc.ok && typeof doc.frontmatter.notion_id === 'string' ? doc.frontmatter.notion_id : null;
    if (id) out.set(id, [...(out.get(id) ?? []), f]);
  }
  return out;
}

describe('engine: layout when Notion\'s tree changes (issue 8 #3, #4, #7)', function () {
  this.timeout(90_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  for (const mode of ['publish', 'bidirectional'] as const) {
    it(`a parent renamed while its child changes leaves one file per page, with Notion's new text (${mode})`, async () => {
      const { engine, store } = await h.open({ mode });
      await engine.pull();
      // A race: three rounds, each a rename of the parent and an edit of its child in the same minute.
      for (const round of [1, 2, 3]) {
        const child = await h.control.getPage(DEMO_IDS.localSetupPage);
        await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: `Onboarding ${round}` });
        await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: `${child.markdown}\nA colleague's line ${round}.\n` });
        const report = await engine.sync();
        assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
        await engine.sync();
        const byId = await filesById(h);
        for (const [id, files] of byId) assert.equal(files.length, 1, `round ${round}: ${id}: ${files.join(', ')}`);
        const moved = `${ROOT}/Onboarding ${round}/Local Setup.md`;
        assert.deepEqual(byId.get(DEMO_IDS.localSetupPage), [moved]);
        assert.match(await readText(h.workspace, moved), new RegExp(`A colleague's line ${round}\\.`));
        assert.equal(store.getMapByNotionId(DEMO_IDS.localSetupPage)?.state, 'synced');
        assert.deepEqual((await listFiles(h.workspace)).filter((f) => f.startsWith(`${ROOT}/Getting Started`) || f.startsWith(`${ROOT}/Onboarding ${round - 1}`)), []);
        assert.match((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, new RegExp(`A colleague's line ${round}\\.`), 'Notion keeps the new text');
      }
    });
  }

  it('a Notion rename onto a folder holding the user\'s own file never adopts that file', async () => {
    const { engine } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const notionBefore = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    const mine = `${ROOT}/Onboarding/Local Setup.md`;
    const myWords = '# My local setup\n\nPrivate notes: my VPN password hint.\n';
    await mkdir(path.join(h.workspace, `${ROOT}/Onboarding`), { recursive: true });
    await writeFile(path.join(h.workspace, mine), myWords);
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { title: 'Onboarding' });
    await engine.sync();
    await engine.sync();
    assert.equal(await readText(h.workspace, mine), myWords, 'the user\'s file is untouched');
    assert.equal((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, notionBefore, 'nothing of it reached Notion');
    const [synced] = (await filesById(h)).get(DEMO_IDS.localSetupPage) ?? [];
    assert.ok(synced && synced !== mine, `the page has its own file (${synced})`);
  });

  it('after a lost state database, a copy claiming the same page is reported and the file at the page\'s path keeps it', async () => {
    const statePath = path.join(h.workspace, '.notion-sync', 'state.sqlite');
    const first = await h.open();
    await first.engine.pull();
    const original = `${ROOT}/Getting Started.md`;
    const copy = `${ROOT}/Getting Started copy.md`;
    await copyFile(path.join(h.workspace, original), path.join(h.workspace, copy));
    await first.close();
    await rm(statePath);
    const second = await h.open();
    const report = await second.engine.pull();
    assert.equal(report.failed, 0);
    assert.equal(second.engine.read.mapByNotionId(DEMO_IDS.gettingStartedPage)?.path, original);
    assert.equal(second.engine.read.mapByNotionId(DEMO_IDS.localSetupPage)?.path, `${ROOT}/Getting Started/Local Setup.md`);
    assert.ok(!(await listFiles(h.workspace)).some((f) => f.startsWith(`${ROOT}/Getting Started copy/`)), 'children stay where they were');
    const problems = second.engine.read.documents().find((d) => d.path === copy)?.diagnostics ?? [];
    assert.ok(problems.some((p) => p.includes(original)), `the copy is reported: ${JSON.stringify(problems)}`);
  });

  it('a parent file names a renamed child by its new title', async () => {
    const { engine } = await h.open();
    await engine.pull();
    // The parent was written a few minutes after its last edit: nothing in its own timestamps moves again.
    const later = async () => {
      await h.control.advanceClock(150_000);
      h.advance(150_000);
    };
    await h.control.editPage(DEMO_IDS.gettingStartedPage, { appendMarkdown: 'One more line.\n' });
    await later();
    await engine.pull();
    await later();
    await h.control.editPage(DEMO_IDS.localSetupPage, { title: 'Local Setup Guide' });
    const report = await engine.sync();
    assert.equal(report.failed, 0);
    const parent = await readText(h.workspace, `${ROOT}/Getting Started.md`);
    // The child page is a link to its file: new title, new path.
    assert.match(parent, /\[Local Setup Guide\]\(Getting%20Started\/Local%20Setup%20Guide\.md\)/);
    assert.doesNotMatch(parent, /\[Local Setup\]\(/);
  });
});
