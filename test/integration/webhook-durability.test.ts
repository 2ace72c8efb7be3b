// A webhook delivery answered 200 survives kill -9 of the receiving process:
// `notion-sync webhook` is killed the moment the last of a burst of deliveries
// is acknowledged (before the state database's checkpoint), and the next open
// of the engine finds every acknowledged event queued.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { defaultStatePath } from '../../src/sync/engine/open';
import { DEMO_IDS, startHarness, type Harness } from './support/engineHarness';
import { CLI } from './support/cliProcess';
import { event, signed, TOKEN } from './support/webhookClient';

describe('webhook: an acknowledged delivery survives kill -9', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(() => h.close());

  it('every event answered 200 is queued after the process is killed', async () => {
    await mkdir(path.join(h.workspace, '.notion-sync'), { recursive: true });
    await writeFile(path.join(h.workspace, '.notion-sync', 'notionSync.webhookVerificationToken.secret'), TOKEN, { mode: 0o600 });
    const args = ['webhook', '--workspace', h.workspace, '--root', DEMO_IDS.rootPage, '--api-url', h.emulator.baseUrl, '--port', '0'];
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, NOTION_TOKEN: 'secret_test_token' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /listening on (\S+)/.exec(line);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error('the receiver exited before listening')));
    });
    const acknowledged: string[] = [];
    const pending = Array.from({ length: 60 }, () => event('page.content_updated', { entity: { id: randomUUID(), type: 'page' } }));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let d = pending.shift(); d; d = pending.shift()) {
          const body = JSON.stringify(d);
          const res = await fetch(url, { method: 'POST', headers: await signed(body), body });
          await res.arrayBuffer();
          if (res.status === 200) acknowledged.push(d.id as string);
        }
      }),
    );
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.equal(acknowledged.length, 60);
    // The newest events were only in the journal when the process died: the replay is what is tested.
    assert.ok((await stat(`${defaultStatePath(h.workspace)}.webhooks.jsonl`)).size > 0, 'the journal holds events at the kill');
    const { store } = await h.open();
    const missing = acknowledged.filter((id) => store.recordWebhookEvent(id, 'page.content_updated'));
    assert.deepEqual(missing, [], 'acknowledged events lost by the kill');
  });
});
