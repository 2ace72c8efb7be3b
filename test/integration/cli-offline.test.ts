// Commands that never talk to Notion work without a token, and build no Notion
// gateway at all; one that does talk to Notion without a token gets a clear
// error (issue 9: the gateway is built lazily, in one place: engine/connection.ts).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MissingTokenError } from '../../src/sync/engine/connection';
import { openEngine } from '../../src/sync/engine/open';
import { normaliseSettings } from '../../src/sync/settings';
import { DEMO_IDS, readText, startHarness, type Harness } from './support/engineHarness';
import { runCli } from './support/cliProcess';

describe('offline commands without a token (lazy gateway)', function () {
  this.timeout(90_000);
  let h: Harness;
  const rel = 'notion/Acme Handbook/Engineering.md';

  before(async () => {
    h = await startHarness({ token: 'secret_offline_token' });
    await writeFile(path.join(h.workspace, 'notion-sync.json'), JSON.stringify({ roots: [DEMO_IDS.rootPage] }));
    const pulled = await runCli(['pull', '--workspace', h.workspace, '--api-url', h.emulator.baseUrl], { NOTION_TOKEN: 'secret_offline_token' });
    assert.equal(pulled.code, 0, pulled.stderr);
    // A conflict, so that listing conflicts has something to list.
    await writeFile(path.join(h.workspace, rel), `${await readText(h.workspace, rel)}\nmine\n`);
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'theirs\n' });
    const again = await runCli(['pull', '--workspace', h.workspace, '--api-url', h.emulator.baseUrl], { NOTION_TOKEN: 'secret_offline_token' });
    assert.equal(again.code, 1, again.stdout + again.stderr);
  });
  after(async () => {
    await h.close();
  });

  it('the engine opened without a token reads its state and asks nothing of Notion; a pull says the token is missing', async () => {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const settings = normaliseSettings({ roots: [DEMO_IDS.rootPage], apiBaseUrl: h.emulator.baseUrl });
    const opened = await openEngine({ workspace: h.workspace, settings, token: undefined, logger: h.logger, fetch: counting });
    try {
      const status = opened.engine.getSyncStatus();
      assert.equal(status.conflicts, 1);
      assert.equal(status.rateLimit, null, 'no gateway was built to report a budget');
      assert.equal(opened.engine.findConflict(rel)?.path, rel);
      await assert.rejects(opened.engine.pull(), (e: unknown) => e instanceof MissingTokenError && /NOTION_TOKEN/.test(e.message));
      assert.throws(() => opened.gateway, MissingTokenError);
      assert.equal(requests, 0, 'no request reached Notion');
    } finally {
      await opened.close();
    }
  });

  it('notion-sync status and resolve (listing) work with no token and no reachable Notion', async () => {
    const offline = ['--workspace', h.workspace, '--api-url', 'http://127.0.0.1:9'];
    const status = await runCli(['status', ...offline, '--json'], { NOTION_TOKEN: '' });
    assert.equal(status.code, 1, status.stderr); // 1: a conflict waits
    assert.equal((JSON.parse(status.stdout) as { conflicts: number }).conflicts, 1);
    assert.equal(status.stderr, '');
    const list = await runCli(['resolve', ...offline], { NOTION_TOKEN: '' });
    assert.match(list.stdout, /Engineering\.md/);
    assert.equal(list.stderr, '');
  });

  it('a command that talks to Notion, without a token, exits 2 and says how to set it', async () => {
    const r = await runCli(['pull', '--workspace', h.workspace, '--api-url', h.emulator.baseUrl], { NOTION_TOKEN: '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /set NOTION_TOKEN/);
  });
});
