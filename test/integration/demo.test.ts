// Smoke test of `npm start -- --cli`: the headless demo starts the emulator,
// writes a demo workspace wired to it, pulls the handbook with the built CLI,
// prints the tree and the status, stops the emulator and exits 0.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_IDS } from '../../src/emulator/seed';

const REPO = path.resolve(__dirname, '../..');

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
  );
}

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.mjs', ...args], { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start -- --cli (headless demo)', function () {
  this.timeout(120_000);
  let workspace: string;

  before(function () {
    if (!existsSync(path.join(REPO, 'dist/cli.js'))) {
      const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}\n${r.stderr}`);
    }
  });
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'notion-sync-demo-'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('pulls the demo handbook into the workspace, prints the tree and status, and exits 0', async () => {
    const r = await runDemo(['--cli', '--no-build', '--workspace', workspace]);
    assert.equal(r.code, 0, `demo exited ${r.code}\n${r.stdout}\n${r.stderr}`);

    const pulled = listFiles(path.join(workspace, 'notion')).sort();
    assert.ok(pulled.length >= 10, pulled.join('\n'));
    for (const f of ['Acme Handbook.md', 'Acme Handbook/Getting Started.md', 'Acme Handbook/Getting Started/Local Setup.md', 'Acme Handbook/Engineering/Architecture.md']) {
      assert.ok(pulled.includes(f), `missing ${f} in\n${pulled.join('\n')}`);
    }
    assert.ok(pulled.some((f) => f.startsWith('Acme Handbook/Tasks/')), 'database rows become files');
    const root = readFileSync(path.join(workspace, 'notion/Acme Handbook.md'), 'utf8');
    assert.match(root, /^---\n[\s\S]*notion_id/, 'frontmatter with the notion id');

    // The tree and the status were printed.
    assert.match(r.stdout, /├── |└── /);
    assert.match(r.stdout, /Getting Started\.md/);
    assert.match(r.stdout, /documents: +\d+ synced, 0 modified locally, 0 pending, 0 in conflict, 0 with errors/);
    assert.match(r.stdout, /queue: +0 pending, 0 processing, 0 failed, 0 dead/);

    // The workspace is wired to the emulator for both the extension and the CLI.
    const settings = JSON.parse(readFileSync(path.join(workspace, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings['notionSync.roots'], [DEMO_IDS.rootPage]);
    assert.match(String(settings['notionSync.apiBaseUrl']), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(settings['notionSync.pollIntervalSeconds'], 30);
    const cliConfig = JSON.parse(readFileSync(path.join(workspace, 'notion-sync.json'), 'utf8')) as { roots: string[] };
    assert.deepEqual(cliConfig.roots, [DEMO_IDS.rootPage]);
    const readme = readFileSync(path.join(workspace, 'README.md'), 'utf8');
    assert.match(readme, new RegExp(`curl .*-X PATCH .*appendMarkdown.*/__control/pages/${DEMO_IDS.gettingStartedPage}`));
    assert.doesNotMatch(readme, /\{\{[A-Z_]+\}\}/, 'every placeholder filled');

    // The emulator was stopped: its URL no longer answers.
    const base = String(settings['notionSync.apiBaseUrl']);
    await assert.rejects(fetch(`${base}/__control/state`, { signal: AbortSignal.timeout(2000) }));
  });

  it('refuses to replace a folder that is not a previous demo workspace', async () => {
    await writeFile(path.join(workspace, 'precious.txt'), 'keep me');
    const r = await runDemo(['--cli', '--no-build', '--workspace', workspace]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /not a previous demo folder/);
    assert.equal(readFileSync(path.join(workspace, 'precious.txt'), 'utf8'), 'keep me');
  });
});
