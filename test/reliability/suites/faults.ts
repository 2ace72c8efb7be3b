// Notion at its worst: 20% of requests fail (500, 503, 529, dropped
// connections, and 503 after the write was saved) on top of a 429 storm. A pull
// ends with files identical to a clean pull's, and bidirectional edits and new
// files reach Notion exactly once.
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SyncEngine } from '../../../src/sync/engine/engine';
import { listFiles, readText, startHarness, type Harness } from '../../integration/support/engineHarness';
import { unsigned } from '../../integration/support/signedUrls';
import { printCounts } from '../support';

const FAULTS = { faultRate: 0.2, rateLimit: 8, knobs: { faultKinds: ['500', '503', '529', 'drop', '503-committed'] as const } };

async function files(h: Harness): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(h.workspace)) if (f.endsWith('.md')) out.set(f, await readText(h.workspace, f));
  return out;
}

/** Syncs, then keeps applying retries (the clock moved past their backoff) until nothing is left. */
async function settle(h: Harness, engine: SyncEngine): Promise<void> {
  await engine.sync().catch(() => engine.sync());
  for (let i = 0; i < 30; i++) {
    const c = engine.read.queueCounts();
    if (c.error === 0 && c.pending === 0 && c.processing === 0) return;
    h.advance(20 * 60_000);
    await engine.processQueue();
  }
}

export function faultsAndStorms(): void {
  describe('reliability: 20% faults and a 429 storm', function () {
    this.timeout(600_000);

    it('a pull ends identical to a clean one; pushed edits and new pages arrive exactly once', async () => {
      const clean = await startHarness();
      const faulty = await startHarness({ faultRate: FAULTS.faultRate, rateLimit: FAULTS.rateLimit, knobs: { faultKinds: [...FAULTS.knobs.faultKinds] } });
      try {
        await (await clean.open()).engine.pull();
        const expected = await files(clean);
        const { engine, store } = await faulty.open({ mode: 'bidirectional' });
        await settle(faulty, engine);
        const got = await files(faulty);
        // Both emulators seed the same ids; block ids, edit times and media signatures differ.
        const comparable = (t: string) => unsigned(t.replace(/notion_last_edited: .*\n/, '').replace(/#[0-9a-f]{32}/g, '#block'));
        const differing = [...expected].filter(([f, t]) => !got.has(f) || comparable(got.get(f)!) !== comparable(t)).map(([f]) => f);
        assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'same files, none duplicated');
        assert.deepEqual(differing, []);

        const pages = store.listMaps().filter((m) => m.notionType === 'page' && !m.path.includes('/Tasks/') && m.state === 'synced');
        const tokens: Array<[string, string]> = [];
        for (const [k, m] of pages.slice(0, 8).entries()) {
          const token = `edit-under-faults-${k}`;
          await appendFile(path.join(faulty.workspace, m.path), `\n${token}\n`);
          tokens.push([token, m.notionId]);
        }
        const folder = path.posix.dirname(pages[0]!.path) + '/' + path.posix.basename(pages[0]!.path, '.md');
        const titles = ['Faulty one', 'Faulty two', 'Faulty three'];
        for (const t of titles) await writeFile(path.join(faulty.workspace, folder, `${t}.md`), `# ${t}\n\nMade while Notion failed.\n`);
        await engine.indexDocuments();
        await settle(faulty, engine);

        const occurrences = await Promise.all(tokens.map(async ([token, id]) => (await faulty.control.getPage(id)).markdown.split(token).length - 1));
        const live = (await faulty.control.state()).pages.filter((p) => !p.inTrash);
        const copies = titles.map((t) => live.filter((p) => p.title === t).length);
        const log = await faulty.control.requests();
        printCounts('20% faults + 429 storm', {
          requests: log.length,
          'answered 429': log.filter((r) => r.status === 429).length,
          'faults injected (5xx, dropped)': log.filter((r) => r.status >= 500 || r.status === 0 || r.dropped).length,
          'files differing from a clean pull': differing.length,
          'local edits pushed / each in Notion exactly once': `${tokens.length} / ${occurrences.filter((n) => n === 1).length}`,
          'new files / with exactly one page': `${titles.length} / ${copies.filter((c) => c === 1).length}`,
          'operations dead-lettered': store.queueCounts().dead,
        });
        assert.deepEqual(occurrences, tokens.map(() => 1), 'each edit in Notion exactly once');
        assert.deepEqual(copies, titles.map(() => 1), 'one page per new file');
        assert.equal(store.queueCounts().dead, 0);
      } finally {
        await clean.close();
        await faulty.close();
      }
    });
  });
}
