// kill -9 of `notion-sync sync --mode bidirectional` while it pushes local
// edits and creates pages from new files, `kills` times, each followed by the
// checks (no torn file, the state database opens); then a sync to the end:
// every local edit is in Notion, and every new file made exactly one page.
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_IDS, listFiles, startHarness } from '../../integration/support/engineHarness';
import { defaultStatePath } from '../../../src/sync/engine/open';
import { nullLogger } from '../../../src/sync/logger';
import { openStateStore } from '../../../src/sync/store';
import { assertIntact, between, printCounts, runCli } from '../support';

export function killDuringPush(kills: number): void {
  describe('reliability: kill -9 during a bidirectional push', function () {
    this.timeout(kills * 20_000 + 180_000);

    it(`survives ${kills} kills with no lost edit and no duplicate page`, async () => {
      const h = await startHarness({ seed: 'empty', pages: 40 });
      try {
        const base = ['--workspace', h.workspace, '--root', DEMO_IDS.benchRoot, '--api-url', h.emulator.baseUrl, '--mode', 'bidirectional', '--requests-per-minute', '6000'];
        const first = await runCli(['pull', ...base]);
        assert.equal(first.code, 0, first.stderr);
        const folder = 'notion/Bench';
        const pages = (await listFiles(h.workspace)).filter((f) => f.startsWith(`${folder}/`) && f.endsWith('.md'));
        const edits = new Map<string, string>(); // token -> file
        const created: string[] = [];
        let killed = 0;
        const retried: string[] = [];
        // The kill lands inside a run: within the time the last run that finished took (runs get faster as the engine
        // does, and a fixed window let them finish before the kill, so too few were killed).
        let runMs = 2_400;
        for (let i = 0; i < kills * 10 && killed < kills; i++) {
          // A new paragraph at the end of five files, and now and then a new file.
          for (let k = 0; k < 5; k++) {
            const file = pages[between(0, pages.length)]!;
            const token = `local-edit-${i}-${k}`;
            await appendFile(path.join(h.workspace, file), `\n${token}\n`);
            edits.set(token, file);
          }
          if (i % 3 === 0) {
            const title = `Made locally ${i}`;
            await writeFile(path.join(h.workspace, folder, `${title}.md`), `# ${title}\n\nWritten in the editor (${i}).\n`);
            created.push(title);
          }
          const started = Date.now();
          const r = await runCli(['sync', ...base], between(400, Math.max(800, Math.floor(runMs * 0.9))));
          if (r.signal === 'SIGKILL') killed++;
          else runMs = Date.now() - started;
          if (r.signal !== 'SIGKILL' && r.code !== 0) {
            // Exit 1: an operation failed and stays queued for a retry (the next run); anything else is a defect.
            assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
            retried.push(r.stdout.trim().split('\n').slice(-3).join(' | '));
          }
          await assertIntact(h.workspace, `after run ${i}`);
        }
        // Retries wait out their backoff: sync until a run ends clean.
        let last = await runCli(['sync', ...base]);
        for (let n = 0; n < 5 && last.code !== 0; n++) {
          await new Promise((r) => setTimeout(r, 5_000));
          last = await runCli(['sync', ...base]);
        }
        assert.equal(last.code, 0, `${last.stdout}\n${last.stderr}\nconflicts: ${(await conflictPaths(h.workspace)).join(', ')}`);
        const state = await h.control.state();
        const live = state.pages.filter((p) => !p.inTrash);
        const lost: string[] = [];
        for (const [token, file] of edits) {
          const id = pageIdOf(state.pages, path.posix.basename(file, '.md'));
          const snap = id ? await h.control.getPage(id) : undefined;
          if (!snap?.markdown.includes(token)) lost.push(`${token} (${file})`);
        }
        const copies = created.map((t) => live.filter((p) => p.title === t).length);
        printCounts('kill -9 during a bidirectional push', {
          kills: killed,
          'runs ending with an operation left to retry': retried.length,
          'local edits made': edits.size,
          'local edits missing in Notion': lost.length,
          'new files': created.length,
          'pages created for them': copies.reduce((a, b) => a + b, 0),
          'new files with duplicate pages': copies.filter((c) => c > 1).length,
          'new files with no page': copies.filter((c) => c === 0).length,
          'torn files / unreadable state after a kill': 0,
        });
        if (retried.length) console.log(`    runs left to retry ended with: ${retried.join(' ;; ')}`);
        assert.deepEqual(lost, [], 'local edits missing in Notion');
        assert.deepEqual(copies, created.map(() => 1), 'one page per new file');
        assert.ok(killed >= kills, `only ${killed} runs were killed`);
      } finally {
        await h.close();
      }
    });
  });
}

function pageIdOf(pages: Array<{ id: string; title: string; inTrash: boolean }>, title: string): string | undefined {
  return pages.find((p) => !p.inTrash && p.title === title)?.id;
}

async function conflictPaths(workspace: string): Promise<string[]> {
  const store = await openStateStore({ path: defaultStatePath(workspace), logger: nullLogger, readOnly: true });
  try {
    return store.getUnresolvedConflicts().map((c) => c.path);
  } finally {
    await store.close();
  }
}
