// `notion-sync` as a user runs it: a real child process against the emulator.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_IDS, listFiles, readText, startHarness, waitFor, type Harness } from './support/engineHarness';
import { CLI, runCli as cli } from './support/cliProcess';

describe('cli: notion-sync', function () {
  this.timeout(90_000);
  let h: Harness;
  let base: string[];
  const env = { NOTION_TOKEN: 'secret_cli_token' };

  before(async () => {
    h = await startHarness({ token: 'secret_cli_token' });
    base = ['--workspace', h.workspace, '--api-url', h.emulator.baseUrl];
  });
  after(async () => {
    await h.close();
  });

  it('exits 2 with a fix for usage and configuration errors', async () => {
    const noToken = await cli(['pull', ...base, '--root', DEMO_IDS.rootPage], { NOTION_TOKEN: '' });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /set NOTION_TOKEN/);
    const noRoot = await cli(['pull', ...base], env);
    assert.equal(noRoot.code, 2);
    assert.match(noRoot.stderr, /--root/);
    const badFlag = await cli(['pull', '--colour'], env);
    assert.equal(badFlag.code, 2);
    const wrongToken = await cli(['pull', ...base, '--root', DEMO_IDS.rootPage], { NOTION_TOKEN: 'secret_wrong' });
    assert.equal(wrongToken.code, 2, wrongToken.stderr);
    assert.match(wrongToken.stderr, /refused the token/);
    assert.doesNotMatch(wrongToken.stderr + wrongToken.stdout, /secret_wrong/, 'the token never appears in output');
    await writeFile(path.join(h.workspace, 'notion-sync.json'), '{"roots": "not a list"}');
    const badConfig = await cli(['status', ...base], env);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /"roots" must be a list/);
    await writeFile(path.join(h.workspace, 'notion-sync.json'), JSON.stringify({ roots: [DEMO_IDS.rootPage], folder: 'docs' }));
  });

  it('--dry-run prints what would change and writes nothing', async () => {
    const r = await cli(['pull', ...base, '--dry-run'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would create\s+docs\/Acme Handbook\.md/);
    assert.deepEqual((await listFiles(h.workspace)).filter((f) => f.endsWith('.md')), []);
  });

  it('pull --json writes the files (settings from notion-sync.json) and a machine-readable summary', async () => {
    const r = await cli(['pull', ...base, '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { changes: { action: string; path: string }[]; failed: number; status: { state: string } };
    assert.equal(summary.failed, 0);
    assert.ok(summary.changes.some((c) => c.path === 'docs/Acme Handbook.md' && c.action === 'create'));
    assert.equal(summary.status.state, 'idle');
    assert.doesNotMatch(r.stderr, /\r/, 'no progress line under --json');
    assert.ok((await listFiles(h.workspace)).includes('docs/Acme Handbook/Getting Started/Local Setup.md'));
  });

  it('reports a conflict with exit 1 and resolves it from the command line', async () => {
    const rel = 'docs/Acme Handbook/Engineering.md';
    const mine = `${await readText(h.workspace, rel)}\nmy words\n`;
    await writeFile(path.join(h.workspace, rel), mine);
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'their words\n' });
    const pulled = await cli(['sync', ...base], env);
    assert.equal(pulled.code, 1, pulled.stdout + pulled.stderr);
    assert.match(pulled.stdout, /conflict\s+docs\/Acme Handbook\/Engineering\.md/);
    const status = await cli(['status', ...base, '--json'], env);
    assert.equal(status.code, 1);
    assert.equal((JSON.parse(status.stdout) as { conflicts: number }).conflicts, 1);
    const list = await cli(['resolve', ...base], env);
    assert.match(list.stdout, /Engineering\.md/);
    // The hint is meant to be copied: a path with spaces is one quoted word.
    assert.match(list.stdout, /\(resolve: notion-sync resolve 'docs\/Acme Handbook\/Engineering\.md' --accept notion\|local\)/);
    const resolved = await cli(['resolve', ...base, path.join(h.workspace, rel), '--accept', 'notion'], env);
    assert.equal(resolved.code, 0, resolved.stdout + resolved.stderr);
    assert.match(resolved.stdout, /previous local copy at \.notion-sync\/backups\//);
    assert.match(await readText(h.workspace, rel), /their words/);
    const after = await cli(['status', ...base], env);
    assert.equal(after.code, 0, after.stdout);
  });

  it('webhook: receives the handshake, prints the verification token, stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'webhook', ...base, '--port', '0'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await waitFor('the receiver URL', () => /listening on (\S+)/.exec(stdout)?.[1], 20_000);
    const sub = await h.control.addWebhook({ url, retryDelayMs: 50 });
    await waitFor('the token on stdout', () => stdout.includes(sub.verificationToken), 20_000);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  });
});
