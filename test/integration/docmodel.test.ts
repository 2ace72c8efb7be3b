// The document model in the engine, against the emulator over HTTP: Notion's
// cosmetic drift rewrites no file and raises no conflict; files pulled in the
// old form (Notion's v1 text) migrate once, backed up, without conflicts;
// Problems entries say what a push would change in Notion.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, serializeDocument } from '../../src/sync/documents/frontmatter';
import { FILE_FORM_KEY } from '../../src/sync/engine/reform';
import { contentHash, normaliseMarkdown } from '../../src/sync/notion/markdown';
import { DEMO_IDS, harnessPerTest, listFiles, readText, type Harness } from './support/engineHarness';

const HANDBOOK = 'notion/Acme Handbook.md';

async function snapshot(h: Harness): Promise<Map<string, string>> {
  const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readText(h.workspace, f)] as [string, string])));
}

/** Notion's text as it drifts with no change of content. */
function drifted(markdown: string): string {
  return `${markdown
    .replace(/^(.+)$/m, '$1   ')
    .replace(/https:\/\/www\.notion\.so\//g, 'https://app.notion.com/p/')
    .replace(/<callout([^>]*)>\n((?:\t.*\n)*)<\/callout>/g, (_m, attrs: string, body: string) => `::: callout {${attrs.trim()}}\n${body}:::`)}\n`;
}

function driftingFetch(on: () => boolean): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!on() || (init?.method ?? 'GET') !== 'GET' || !/\/v1\/pages\/[^/]+\/markdown/.test(url) || !res.ok) return res;
    const body = (await res.json()) as { markdown: string };
    return new Response(JSON.stringify({ ...body, markdown: drifted(body.markdown) }), { status: res.status, headers: res.headers });
  };
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

  it('drift in Notion\'s text (trailing spaces, final newline, callout form, URL host) rewrites 0 files and raises 0 conflicts', async () => {
    let drift = false;
    const { engine, store } = await h.open({}, { fetch: driftingFetch(() => drift) });
    await engine.pull();
    const before = await snapshot(h);
    const sample = drifted((await h.control.getPage(DEMO_IDS.rootPage)).markdown);
    assert.match(sample, /::: callout \{icon=/);
    assert.match(sample, /app\.notion\.com\/p\//);
    drift = true;
    for (const m of store.listMaps()) if (m.notionType === 'page') store.enqueue({ operation: 'update', notionId: m.notionId, source: 'user', payload: { force: true } });
    const r = await engine.processQueue();
    assert.equal(r.failed, 0);
    assert.ok(r.processed > 3, `re-read ${r.processed} pages`);
    const after = await snapshot(h);
    assert.deepEqual([...after.entries()].filter(([f, t]) => before.get(f) !== t).map(([f]) => f), []);
    assert.equal(store.getUnresolvedConflicts().length, 0);
  });

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
});
