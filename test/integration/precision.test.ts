// Precision: every single-block edit of a synced page (first, middle, last
// block, a line with trailing spaces) reaches Notion as exactly one targeted
// update_content whose old_str occurs once in Notion's text; never a replace.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { fileToNotion, fromFile, toFile } from '../../src/sync/markdown';
import { doc, notionHoldable } from '../unit/markdown/generators';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const LOCAL_SETUP = 'notion/Acme Handbook/Getting Started/Local Setup.md';

interface Sent {
  type: string;
  body: Record<string, unknown>;
}

function recording(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (init?.method === 'PATCH' && /\/v1\/pages\/[^/]+\/markdown/.test(url) && typeof init.body === 'string') {
      const body = JSON.parse(init.body) as Record<string, unknown>;
      sent.push({ type: String(body.type), body });
    }
    return fetch(input, init);
  };
}

describe('engine: precise pushes (emulator over HTTP, Notion-flavored Markdown v2)', function () {
  this.timeout(90_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  for (const [name, pick] of [
    ['the first block', () => 0],
    ['a middle block', (blocks: string[]) => Math.floor(blocks.length / 2)],
    ['the last block (its line ends in spaces in Notion)', (blocks: string[]) => blocks.length - 1],
  ] as const) {
    it(`an edit of ${name} is one targeted update_content, and the other blocks keep their ids`, async () => {
      const sent: Sent[] = [];
      const { engine, store } = await h.open({ mode: 'bidirectional' }, { fetch: recording(sent) });
      await engine.pull();
      const before = await h.control.getPage(DEMO_IDS.localSetupPage);
      const res = await fetch(`${h.emulator.baseUrl}/v1/pages/${DEMO_IDS.localSetupPage}/markdown?markdown_version=v2`, { headers: { authorization: 'Bearer secret_test_token', 'notion-version': '2026-03-11' } });
      const v2 = ((await res.json()) as { markdown: string }).markdown;
      const text = await readText(h.workspace, LOCAL_SETUP);
      const [fm, body] = [text.slice(0, text.indexOf('\n---\n') + 5), text.slice(text.indexOf('\n---\n') + 5)];
      const blocks = body.split('\n\n');
      const i = pick(blocks);
      assert.ok(i >= 0 && i < blocks.length, `a block to edit among ${JSON.stringify(blocks)}`);
      const block = blocks[i]!;
      blocks[i] = block.startsWith('```') ? block.replace('\n', '\n# (edited)\n') : `${block.replace(/\n$/, '')} (edited)${i === blocks.length - 1 ? '\n' : ''}`;
      await writeFile(path.join(h.workspace, LOCAL_SETUP), fm + blocks.join('\n\n'));
      const report = await engine.sync();
      assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
      assert.deepEqual(sent.map((s) => s.type), ['update_content']);
      const updates = (sent[0]!.body.update_content as { content_updates: { old_str: string }[] }).content_updates;
      assert.equal(updates.length, 1);
      assert.equal(v2.split(updates[0]!.old_str).length - 1, 1, 'old_str occurs once in Notion\'s text');
      // The demo page's last line ends in two spaces, kept by Notion (the file has none): old_str keeps them.
      if (i === blocks.length - 1) assert.match(updates[0]!.old_str, /`npm start`\. {2}$/);
      const after = await h.control.getPage(DEMO_IDS.localSetupPage);
      assert.match(after.markdown, /\(edited\)/);
      const kept = before.blocks.filter((b) => after.blocks.some((a) => a.id === b.id));
      assert.ok(kept.length >= before.blocks.length - 1, 'only the edited block may change its id');
    });
  }

  for (const [kind, mark] of [
    ['bulleted', () => '- '],
    ['numbered', (i: number) => `${i + 1}. `],
    ['to-do', () => '- [ ] '],
  ] as const) {
    it(`an edit of one ${kind} item of a 30-item list rewrites that item's block alone; the other items keep their ids`, async () => {
      const list = Array.from({ length: 30 }, (_, i) => `${mark(i)}Step ${i + 1}`).join('\n');
      const page = await h.control.createPage({ parentId: DEMO_IDS.rootPage, title: 'Runbook', markdown: `Do these in order.\n\n${list}\n\nDone.`, markdownVersion: 'v2' });
      const { engine, store } = await h.open({ mode: 'bidirectional' });
      await engine.pull();
      const rel = store.getMapByNotionId(page.id)!.path;
      const before = await h.control.getPage(page.id);
      assert.equal(before.blocks.length, 32);
      await writeFile(path.join(h.workspace, rel), (await readText(h.workspace, rel)).replace(/Step 17$/m, 'Step 17, checked twice'));
      await h.control.clearRequests();
      const report = await engine.sync();
      assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
      const writes = (await h.control.requests()).filter((q) => q.method === 'PATCH');
      assert.deepEqual(writes.map((q) => [q.path.replace(/\?.*/, ''), q.blocksCovered]), [[`/v1/pages/${page.id}/markdown`, 1]]);
      const after = await h.control.getPage(page.id);
      assert.match(after.markdown, /Step 17, checked twice/);
      const changed = before.blocks.filter((b, i) => after.blocks[i]?.id !== b.id);
      assert.equal(changed.length, 1, 'only the edited item has a new id');
      assert.equal(store.getMapByPath(rel)?.state, 'synced');
    });
  }

  it('an item coloured in the file reaches Notion as that item\'s colour (each coloured item its own block rewritten), and comes back unchanged', async () => {
    const page = await h.control.createPage({ parentId: DEMO_IDS.rootPage, title: 'Shopping', markdown: '- bread\n- milk\n- eggs\n\n- [ ] call the bakery\n- [ ] pay', markdownVersion: 'v2' });
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const rel = store.getMapByNotionId(page.id)!.path;
    const file = await readText(h.workspace, rel);
    const coloured = file.replace('- milk\n', '- milk <!-- notion:color value="red" -->\n').replace(/\[ \] pay$/m, '[ ] pay <!-- notion:color value="blue_bg" -->');
    await writeFile(path.join(h.workspace, rel), coloured);
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    const writes = (await h.control.requests()).filter((q) => q.method === 'PATCH');
    assert.deepEqual(writes.map((q) => q.blocksCovered), [2]);
    const after = await h.control.getPage(page.id);
    const colour = (text: string) => after.blocks.map((b) => b[String(b.type)] as { color?: string; rich_text?: Array<{ plain_text: string }> }).find((b) => b.rich_text?.[0]?.plain_text === text)?.color;
    assert.equal(colour('milk'), 'red');
    assert.equal(colour('pay'), 'blue_background');
    assert.equal(colour('bread'), 'default');
    // Notion's text of the coloured items reads back to the same file: nothing to rewrite, nothing to push.
    for (const m of store.listMaps().filter((x) => x.notionId === page.id)) store.enqueue({ operation: 'update', notionId: m.notionId, source: 'user', payload: { force: true } });
    await engine.processQueue();
    assert.equal(await readText(h.workspace, rel), coloured);
    assert.equal(store.getMapByPath(rel)?.state, 'synced');
    assert.equal(store.getUnresolvedConflicts().length, 0);
  });

  it('generated pages (every construct of the mapping table): one paragraph edited in the file keeps every other block\'s id in Notion', async () => {
    const docs = fc.sample(doc.map(notionHoldable).filter((r) => r.children.filter((c) => c.type === 'paragraph' && c.children.length > 0).length > 0), { numRuns: 12, seed: 7 });
    const pages = [];
    for (const [i, root] of docs.entries()) pages.push(await h.control.createPage({ parentId: DEMO_IDS.rootPage, title: `Generated ${i + 1}`, markdown: fileToNotion(toFile(root)), markdownVersion: 'v2' }));
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const before = await Promise.all(pages.map((p) => h.control.getPage(p.id)));
    const edited = new Set<string>();
    for (const p of pages) {
      const rel = store.getMapByNotionId(p.id)!.path;
      const text = await readText(h.workspace, rel);
      const fmEnd = text.indexOf('\n---\n') + 5;
      const model = fromFile(text.slice(fmEnd));
      const k = model.children.findIndex((c) => c.type === 'paragraph' && c.children.length > 0 && !c.data?.notionColor);
      if (k < 0) continue;
      model.children[k] = { type: 'paragraph', children: [{ type: 'text', value: 'Edited in the file.' }] };
      await writeFile(path.join(h.workspace, rel), text.slice(0, fmEnd) + toFile(model));
      edited.add(p.id);
    }
    assert.ok(edited.size >= 8, `${edited.size} pages edited`);
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    for (const [i, p] of pages.entries()) {
      const after = await h.control.getPage(p.id);
      const ids = new Set(after.blocks.map((b) => b.id));
      const lost = before[i]!.blocks.filter((b) => !ids.has(b.id));
      assert.ok(lost.length <= 1, `${p.id}: ${lost.length} blocks lost their id\n${before[i]!.markdown}\n---\n${after.markdown}`);
      assert.equal(store.getMapByNotionId(p.id)?.state, 'synced');
      if (edited.has(p.id)) assert.match(after.markdown, /Edited in the file\./);
    }
  });
});
