// The document model in the engine, against the emulator over HTTP: Notion's
// cosmetic drift (the emulator's drift knobs flipped between two syncs)
// rewrites no file, raises no conflict and pushes nothing; files pulled in the
// old form (Notion's v1 text) migrate once, backed up, without conflicts;
// Problems entries say what a push would change in Notion.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knobs } from '../../src/emulator/knobs';
import { parseDocument, serializeDocument } from '../../src/sync/documents/frontmatter';
import { FILE_FORM_KEY } from '../../src/sync/engine/reform';
import { contentHash, normaliseMarkdown } from '../../src/sync/notion/markdown';
import { DEMO_IDS, harnessPerTest, listFiles, readText, type Harness } from './support/engineHarness';

const HANDBOOK = 'notion/Acme Handbook.md';

async function snapshot(h: Harness): Promise<Map<string, string>> {
  const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readText(h.workspace, f)] as [string, string])));
}

/** Every markdown file's bytes and mtime: a file rewritten with the same bytes still counts as rewritten. */
async function stamps(h: Harness): Promise<Map<string, string>> {
  const snap = await snapshot(h);
  return new Map(await Promise.all([...snap].map(async ([f, t]) => [f, `${(await stat(path.join(h.workspace, f))).mtimeMs} ${t}`] as [string, string])));
}

/** Knob settings that change how Notion spells a page, never what it holds. */
const DRIFTS: Array<[string, Partial<Knobs>]> = [
  ['the page-URL host (app.notion.com/p)', { pageUrlHost: 'app.notion.com' }],
  ['a final newline', { finalNewline: true }],
  ['trailing spaces dropped', { trailingSpaces: 'stripped' }],
  ['v1 answers, callouts as <callout>', { markdownResponse: 'v1' }],
  ['v1 answers, callouts as ::: callout', { markdownResponse: 'v1', calloutForm: 'fenced' }],
  ['all of them at once', { pageUrlHost: 'app.notion.com', finalNewline: true, trailingSpaces: 'stripped', markdownResponse: 'v1', calloutForm: 'fenced' }],
];

/** Pages whose content v1 cannot say (bookmarks and embeds are `<unknown>` there): v1 makes them partial, a real change. */
async function v1Partial(h: Harness, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const id of ids) if ((await served(h, id, 'v1')).truncated) out.add(id);
  return out;
}

/** What GET /v1/pages/{id}/markdown answers right now. */
async function served(h: Harness, id: string, version = 'v2'): Promise<{ markdown: string; truncated: boolean }> {
  const res = await fetch(`${h.emulator.baseUrl}/v1/pages/${id}/markdown?markdown_version=${version}`, { headers: { authorization: 'Bearer secret_test_token', 'notion-version': '2026-03-11' } });
  return (await res.json()) as { markdown: string; truncated: boolean };
}

describe('engine: the document model (emulator over HTTP)', function () {
  this.timeout(90_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('pulled files are portable markdown: no raw Notion tags, child pages as relative links', async () => {
    const { engine } = await h.open();
    await engine.pull();
    const text = await readText(h.workspace, HANDBOOK);
    const body = parseDocument(text, HANDBOOK);
    assert.ok(body.ok);
    assert.doesNotMatch(body.body, /<(callout|page|database)\b/);
    assert.match(body.body, /\n\n---\n\n/, 'a divider after a blank line, never a setext heading');
    assert.match(body.body, /\[Getting Started\]\(Acme%20Handbook\/Getting%20Started\.md\)/);
    assert.ok(existsSync(path.join(h.workspace, 'notion/Acme Handbook/Getting Started.md')));
  });

  for (const [name, knobs] of DRIFTS) {
    it(`drift through the emulator, ${name}: no file rewritten (bytes, mtime), no conflict, nothing pushed`, async () => {
      const { engine, store } = await h.open({ mode: 'bidirectional' });
      await engine.pull();
      const before = await stamps(h);
      const pages = store.listMaps().filter((m) => m.notionType === 'page');
      const spelled = await Promise.all([DEMO_IDS.rootPage, DEMO_IDS.localSetupPage].map(async (id) => (await served(h, id)).markdown));
      await h.control.setKnobs(knobs);
      for (const [i, id] of [DEMO_IDS.rootPage, DEMO_IDS.localSetupPage].entries()) {
        if (i === (knobs.trailingSpaces ? 1 : 0)) assert.notEqual((await served(h, id)).markdown, spelled[i], 'the knob changes what Notion serves');
      }
      const partial = knobs.markdownResponse === 'v1' ? await v1Partial(h, pages.map((m) => m.notionId)) : new Set<string>();
      await h.control.clearRequests();
      for (const m of pages) store.enqueue({ operation: 'update', notionId: m.notionId, source: 'user', payload: { force: true } });
      const r = await engine.processQueue();
      assert.equal(r.failed, 0);
      assert.ok(r.processed >= pages.length, `re-read ${r.processed} of ${pages.length} pages`);
      await engine.sync();
      const after = await stamps(h);
      const allowed = new Set(pages.filter((m) => partial.has(m.notionId)).map((m) => m.path));
      const rewritten = [...after].filter(([f, t]) => before.get(f) !== t && !allowed.has(f)).map(([f]) => f);
      assert.deepEqual(rewritten, []);
      assert.ok(after.size - allowed.size >= 8, `${after.size - allowed.size} files compared`);
      assert.equal(store.getUnresolvedConflicts().length, 0);
      const writes = (await h.control.requests()).filter((q) => q.method === 'PATCH' || (q.method === 'POST' && !/\/query$|\/search$/.test(q.path)));
      assert.deepEqual(writes.map((q) => `${q.method} ${q.path}`), []);
    });
  }

  it('files pulled in the old form (Notion v1 text) migrate once, backed up, with no conflict', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    // Put the handbook back as an earlier version wrote it: Notion's v1 text, hashed raw.
    const map = store.getMapByPath(HANDBOOK)!;
    const snap = await h.control.getPage(DEMO_IDS.rootPage);
    const current = parseDocument(await readText(h.workspace, HANDBOOK), HANDBOOK);
    assert.ok(current.ok);
    const old = serializeDocument(current.frontmatter, normaliseMarkdown(snap.markdown));
    await writeFile(path.join(h.workspace, HANDBOOK), old);
    store.setBase(map.localId, old, contentHash(old));
    store.upsertMap({ localId: map.localId, localHash: contentHash(old), remoteHash: contentHash(old) });
    store.setConfig(FILE_FORM_KEY, null);

    const report = await engine.sync();
    assert.equal(report.failed, 0);
    assert.equal(store.getUnresolvedConflicts().length, 0);
    const migrated = await readText(h.workspace, HANDBOOK);
    assert.doesNotMatch(migrated, /<callout|<page /);
    const backups = (await listFiles(path.join(h.workspace, '.notion-sync', 'backups'))).filter((f) => f.endsWith('Acme Handbook.md'));
    assert.equal(backups.length, 1, 'the old file is kept');
    assert.equal(await readFile(path.join(h.workspace, '.notion-sync', 'backups', backups[0]!), 'utf8'), old);
    assert.equal(store.getMapByPath(HANDBOOK)?.state, 'synced');
    // Once only: the next sync changes nothing.
    const again = await engine.sync();
    assert.equal(again.changes.length, 0, JSON.stringify(again.changes));
  });

  it('what a push would change in Notion is a Problems entry before anything is sent', async () => {
    const { engine } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const rel = 'notion/Acme Handbook/Getting Started/Local Setup.md';
    await writeFile(path.join(h.workspace, rel), `${await readText(h.workspace, rel)}\n##### Deep heading\n\n[a note](../../notes/missing.md)\n`);
    const index = await engine.indexDocuments();
    const found = index.diagnostics.filter((d) => d.code === 'notion-limit' && d.path === rel).map((d) => d.message);
    assert.ok(found.some((m) => /heading level 5/.test(m)), found.join('\n'));
    assert.ok(found.some((m) => /not a synced page: sent as plain text/.test(m)), found.join('\n'));
  });

  it('nesting deeper than Notion creates in one request is a Problems entry, and the push and the create are refused unsent', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const rel = 'notion/Acme Handbook/Getting Started/Local Setup.md';
    const deep = '- one\n  - two\n    - three\n      - four\n';
    await writeFile(path.join(h.workspace, rel), `${await readText(h.workspace, rel)}\n${deep}`);
    await writeFile(path.join(h.workspace, 'notion/Acme Handbook/Getting Started/Deep.md'), `# Deep\n\n${deep}`);
    const index = await engine.indexDocuments();
    const found = index.diagnostics.filter((d) => d.code === 'notion-limit' && d.path === rel).map((d) => d.message);
    assert.ok(found.some((m) => /nested 4 levels deep/.test(m)), found.join('\n'));
    await h.control.clearRequests();
    await engine.sync();
    const writes = (await h.control.requests()).filter((q) => q.method === 'PATCH' || (q.method === 'POST' && /^\/v1\/pages\/?$/.test(q.path)));
    assert.deepEqual(writes.map((q) => `${q.method} ${q.path}`), [], 'nothing sent that Notion would refuse');
    const dead = store.getQueue({ status: 'dead' }).map((r) => r.lastError ?? '');
    assert.ok(dead.some((e) => /Local Setup\.md: nested 4 levels deep/.test(e)), dead.join('\n'));
    assert.ok(dead.some((e) => /Deep\.md: nested 4 levels deep.*not created/.test(e)), dead.join('\n'));
  });

  it('a partial page (a block markdown cannot carry) is never pushed: nothing is sent, and the queue says why', async () => {
    // A breadcrumb has no markdown form: Notion answers `<unknown …/>` and truncated: true.
    const res = await fetch(`${h.emulator.baseUrl}/v1/blocks/${DEMO_IDS.localSetupPage}/children`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer secret_test_token', 'notion-version': '2026-03-11', 'content-type': 'application/json' },
      body: JSON.stringify({ children: [{ object: 'block', type: 'breadcrumb', breadcrumb: {} }] }),
    });
    assert.equal(res.status, 200, await res.text());
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const rel = 'notion/Acme Handbook/Getting Started/Local Setup.md';
    const pulled = await readText(h.workspace, rel);
    assert.match(pulled, /notion_partial: true/);
    assert.match(pulled, /```notion\n<unknown [^\n]*alt="breadcrumb"/);
    await writeFile(path.join(h.workspace, rel), pulled.replace('Install Node 20', 'Install Node 22'));
    await h.control.clearRequests();
    await engine.sync();
    const writes = (await h.control.requests()).filter((q) => q.method !== 'GET' && !/\/query$|\/search$/.test(q.path));
    assert.deepEqual(writes.map((q) => `${q.method} ${q.path}`), []);
    assert.match((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown, /Install Node 20/);
    const dead = store.getQueue({ status: 'dead' }).map((r) => r.lastError ?? '');
    assert.ok(dead.some((e) => /Local Setup\.md holds only part of its Notion page .* never pushed/.test(e)), dead.join('\n'));
    assert.equal(await readText(h.workspace, rel), pulled.replace('Install Node 20', 'Install Node 22'), 'the local edit is kept');
  });
});
