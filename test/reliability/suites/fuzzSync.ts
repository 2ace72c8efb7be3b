// fast-check drives random sequences of edits on both sides of a bidirectional
// sync (local: a paragraph inserted under a page's heading; Notion: a paragraph
// appended at its end; syncs in between), then syncs to rest. Every run must
// converge: each file equal to its Notion page, every edit on both sides, no
// conflict (the edits never overlap), no page duplicated.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from '../../../src/sync/documents/frontmatter';
import { pageLinks } from '../../../src/sync/engine/pageLinks';
import { bodyHash, canonicalHash, parseNotion } from '../../../src/sync/markdown';
import { DEMO_IDS, startHarness } from '../../integration/support/engineHarness';
import { printCounts } from '../support';

const PAGES = 3;

type Op = { kind: 'local' | 'remote'; page: number } | { kind: 'sync' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('local' as const, 'remote' as const), page: fc.nat(PAGES - 1) }),
  fc.constant({ kind: 'sync' as const }),
);

export function fuzzedEdits(runs: number): void {
  describe('reliability: fuzzed edits on both sides converge', function () {
    this.timeout(runs * 60_000 + 60_000);
    const totals = { runs: 0, edits: 0, syncs: 0, conflicts: 0, 'edits lost': 0, 'pages differing at rest': 0 };
    after(() => printCounts(`fast-check: ${runs} random edit sequences, bidirectional`, totals));

    it('every sequence ends with files equal to Notion and every edit on both sides', async () => {
      let token = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
          const h = await startHarness({ seed: 'empty', pages: PAGES });
          try {
            const { engine, store } = await h.open({ roots: [DEMO_IDS.benchRoot], mode: 'bidirectional' });
            await engine.pull();
            const pages = store.listMaps().filter((m) => m.notionType === 'page' && m.notionId !== DEMO_IDS.benchRoot).sort((a, b) => a.path.localeCompare(b.path));
            const tokens = new Map<string, string>(); // token -> page id
            for (const o of ops) {
              if (o.kind === 'sync') {
                await engine.sync();
                totals.syncs++;
                continue;
              }
              const page = pages[o.page]!;
              const t = `${o.kind}-edit-${++token}`;
              tokens.set(t, page.notionId);
              totals.edits++;
              if (o.kind === 'remote') await h.control.editPage(page.notionId, { appendMarkdown: `\n${t}\n` });
              else {
                const abs = path.join(h.workspace, store.getMapByNotionId(page.notionId)!.path);
                const text = await readFile(abs, 'utf8');
                await writeFile(abs, text.replace(/^(## Section \d+\n\n)/m, `$1${t}\n\n`));
              }
            }
            for (let i = 0; i < 3; i++) await engine.sync();
            totals.runs++;
            totals.conflicts += store.getUnresolvedConflicts().length;
            for (const [t, id] of tokens) {
              const file = await readFile(path.join(h.workspace, store.getMapByNotionId(id)!.path), 'utf8');
              const remote = (await h.control.getPage(id)).markdown;
              if (!file.includes(t) || !remote.includes(t)) totals['edits lost']++;
              assert.ok(file.includes(t), `${t} missing from the file`);
              assert.ok(remote.includes(t), `${t} missing from Notion`);
            }
            for (const m of pages) {
              const now = store.getMapByNotionId(m.notionId)!;
              const doc = parseDocument(await readFile(path.join(h.workspace, now.path), 'utf8'), now.path);
              assert.ok(doc.ok);
              const same = bodyHash(doc.body, pageLinks(store, now.path)) === canonicalHash(parseNotion((await h.control.getPage(m.notionId)).markdown).root);
              if (!same) totals['pages differing at rest']++;
              assert.ok(same, `${now.path} differs from Notion at rest`);
            }
            assert.equal(store.getUnresolvedConflicts().length, 0, 'no conflict from non-overlapping edits');
            const live = (await h.control.state()).pages.filter((p) => !p.inTrash);
            assert.equal(live.length, PAGES + 1, 'no page duplicated');
          } finally {
            await h.close();
          }
        }),
        { numRuns: runs, endOnFailure: true },
      );
    });
  });
}
