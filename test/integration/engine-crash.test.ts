// kill -9 during a large pull, several times, then a pull to the end: no file
// is duplicated, torn or lost, and the state database always opens.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { bodyHash, canonicalHash, parseNotion } from '../../src/sync/markdown';
import { DEMO_IDS, listFiles, readText, startHarness } from './support/engineHarness';

const CLI = path.join(__dirname, '../../src/cli/main.ts');

function runCli(args: string[], env: Record<string, string>, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('engine: kill -9 during a large pull', function () {
  this.timeout(240_000);

  it('ends with no duplicate, torn or lost file', async () => {
    const pages = 400;
    const h = await startHarness({ seed: 'empty', pages });
    try {
      const args = ['pull', '--workspace', h.workspace, '--root', DEMO_IDS.benchRoot, '--api-url', h.emulator.baseUrl, '--requests-per-minute', '3600', '--json'];
      const env = { NOTION_TOKEN: 'secret_crash_test' };
      let killed = 0;
      // Kill at random moments until a run gets to finish on its own.
      for (let i = 0; i < 15; i++) {
        const r = await runCli(args, env, 1000 + Math.floor(Math.random() * 1500));
        if (r.signal !== 'SIGKILL') break;
        killed++;
        // Whatever the moment of the kill, every file present is whole.
        for (const f of (await listFiles(h.workspace)).filter((x) => x.endsWith('.md'))) {
          const doc = parseDocument(await readText(h.workspace, f), f);
          assert.ok(doc.ok && typeof doc.frontmatter.notion_id === 'string', `${f} is whole after kill ${i}`);
        }
      }
      assert.ok(killed >= 3, `only ${killed} runs were killed mid-pull`);
      const final = await runCli(args, env);
      assert.equal(final.code, 0, final.stderr);

      const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
      assert.equal(files.length, pages + 1, 'one file per page, none duplicated or lost');
      const ids = new Set<string>();
      for (const f of files) {
        const doc = parseDocument(await readText(h.workspace, f), f);
        assert.ok(doc.ok, f);
        const id = doc.frontmatter.notion_id as string;
        assert.ok(!ids.has(id), `${id} twice`);
        ids.add(id);
        const snap = await h.control.getPage(id);
        // Child pages are relative links in the file: they lead back to the ids in those files' frontmatter.
        const idFor = (target: string) => {
          const rel = path.posix.join(path.posix.dirname(f), decodeURI(target));
          const linked = existsSync(path.join(h.workspace, rel)) ? parseDocument(readFileSync(path.join(h.workspace, rel), 'utf8'), rel) : null;
          return linked?.ok && typeof linked.frontmatter.notion_id === 'string' ? linked.frontmatter.notion_id : null;
        };
        assert.equal(bodyHash(doc.body, { idFor }), canonicalHash(parseNotion(snap.markdown).root), f);
      }
      assert.ok(!files.some((f) => / \([0-9a-f]{4}\)\.md$/.test(f)), `no collision-renamed copies: ${files.filter((f) => /\(/.test(f)).join(', ')}`);
    } finally {
      await h.close();
    }
  });
});
