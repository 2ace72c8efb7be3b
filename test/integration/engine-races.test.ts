// A user's save racing the engine's write of the same file, and a crash while a
// page create is in flight. Both used to lose words or duplicate pages (issue 8,
// items 5 and 6); both must now end with every word kept and one page per file.
import assert from 'node:assert/strict';
import { copyFile, writeFile } from 'node:fs/promises';
import { watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultStatePath } from '../../src/sync/engine/open';
import { DEMO_IDS, harnessPerTest, readText, waitFor, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';
const LOCAL_SETUP = `${ROOT}/Getting Started/Local Setup.md`;
const NOTE = `${ROOT}/Getting Started/Team rituals.md`;

function isCreate(input: Parameters<typeof fetch>[0], init?: RequestInit): boolean {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return (init?.method ?? 'GET').toUpperCase() === 'POST' && new URL(url).pathname === '/v1/pages';
}

async function pagesTitled(h: Harness, title: string) {
  return (await h.control.state()).pages.filter((p) => p.title === title && !p.inTrash);
}

describe('engine: saves and crashes racing the engine (issue 8 #5, #6)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('a save landing while a pull writes the same file is kept (a conflict, not an overwrite)', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const snap = await h.control.getPage(DEMO_IDS.localSetupPage);
    await h.control.editPage(DEMO_IDS.localSetupPage, { markdown: `${snap.markdown}\nA line from Notion.\n` });
    const mine = `${await readText(h.workspace, LOCAL_SETUP)}\nA line typed while the pull ran.\n`;
    // The "editor": saves in place the moment the engine starts writing its temp file beside the target.
    const folder = path.join(h.workspace, path.dirname(LOCAL_SETUP));
    let saved = false;
    const watcher = watch(folder, (_event, name) => {
      if (saved || !name || !String(name).startsWith('.Local Setup.md.')) return;
      saved = true;
      writeFileSync(path.join(h.workspace, LOCAL_SETUP), mine);
    });
    try {
      await engine.pull();
    } finally {
      watcher.close();
    }
    assert.ok(saved, 'the save happened during the write');
    assert.equal(await readText(h.workspace, LOCAL_SETUP), mine, 'the typed line survived');
    const map = store.getMapByPath(LOCAL_SETUP);
    assert.equal(map?.state, 'conflict', 'both sides changed: a conflict to resolve');
    assert.equal(store.getUnresolvedConflicts()[0]?.localContent, mine);
  });

  it('a save landing during the create request of a new file keeps its words, and they reach Notion', async () => {
    const typedLater = 'Written while the page was being created.';
    const fetchWithSave: typeof fetch = async (input, init) => {
      if (isCreate(input, init)) await writeFile(path.join(h.workspace, NOTE), `# Team rituals\n\nStand-up at ten.\n${typedLater}\n`);
      return fetch(input, init);
    };
    const { engine } = await h.open({ mode: 'bidirectional' }, { fetch: fetchWithSave });
    await engine.pull();
    await writeFile(path.join(h.workspace, NOTE), '# Team rituals\n\nStand-up at ten.\n');
    const first = await engine.sync();
    assert.equal(first.failed, 0);
    const [page] = await pagesTitled(h, 'Team rituals');
    assert.ok(page, 'the page was created');
    const file = await readText(h.workspace, NOTE);
    assert.match(file, new RegExp(`notion_id: ${page.id}`));
    assert.match(file, new RegExp(typedLater), 'the save made during the request is still in the file');
    // The next sync pushes it as an ordinary edit.
    const second = await engine.sync();
    assert.equal(second.failed, 0);
    assert.match((await h.control.getPage(page.id)).markdown, new RegExp(typedLater));
    assert.equal((await pagesTitled(h, 'Team rituals')).length, 1);
  });

  it('a crash while a create request is in flight makes no second page on the next run', async () => {
    // The first process: its create reaches Notion, then it "dies" before hearing back.
    let created!: () => void;
    const createdSeen = new Promise<void>((r) => (created = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let hang = false;
    const dying: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (hang && isCreate(input, init)) {
        created();
        await released;
      }
      return res;
    };
    const first = await h.open({ mode: 'bidirectional' }, { fetch: dying });
    await first.engine.pull();
    await writeFile(path.join(h.workspace, NOTE), '# Team rituals\n\nStand-up at ten.\n');
    hang = true;
    const abandoned = first.engine.sync().catch(() => undefined);
    await createdSeen;
    // kill -9 leaves exactly the state file as last flushed.
    const crashState = path.join(h.workspace, '.notion-sync', 'after-crash.sqlite');
    await copyFile(defaultStatePath(h.workspace), crashState);
    assert.equal((await pagesTitled(h, 'Team rituals')).length, 1);

    const second = await h.open({ mode: 'bidirectional' }, { statePath: crashState });
    const report = await second.engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(second.engine.read.log({ limit: 5 })));
    const pages = await pagesTitled(h, 'Team rituals');
    assert.equal(pages.length, 1, 'one page, not a duplicate');
    assert.match(await readText(h.workspace, NOTE), new RegExp(`notion_id: ${pages[0].id}`));
    release();
    await waitFor('the first process to finish', async () => (await Promise.race([abandoned.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))])) as boolean);
  });
});
