// A push that reached Notion, with the process gone before it saved the new
// base (kill -9 at that moment: the state file as it was when the request went
// out). More local edits follow; the next sync must push them, not call the
// page a conflict because the first edit is now on both sides. And a push
// whose answer was lost after Notion applied it must not be sent again.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultStatePath } from '../../src/sync/engine/open';
import { DEMO_IDS, harnessPerTest, type Harness } from './support/engineHarness';

const FILE = 'notion/Acme Handbook/Getting Started/Local Setup.md';

describe('engine: a push interrupted after Notion applied it (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('the next sync pushes the later edits; no conflict, both edits in Notion once', async () => {
    const state = defaultStatePath(h.workspace);
    const first = await h.open({ mode: 'bidirectional' });
    await first.engine.pull();
    await first.close();

    const abs = path.join(h.workspace, FILE);
    await writeFile(abs, `${await readFile(abs, 'utf8')}\nFirst local paragraph.\n`);
    // The state file as a kill -9 would leave it: copied when the edit goes out to Notion.
    let copied = false;
    const snapshotOnPatch: typeof fetch = async (input, init) => {
      if (!copied && init?.method === 'PATCH' && String(input).includes('/markdown')) {
        copied = true;
        await copyFile(state, `${state}.at-kill`);
      }
      return fetch(input, init);
    };
    const second = await h.open({ mode: 'bidirectional' }, { fetch: snapshotOnPatch });
    await second.engine.sync();
    await second.close();
    assert.ok(copied, 'the push was sent');
    await copyFile(`${state}.at-kill`, state);

    await writeFile(abs, `${await readFile(abs, 'utf8')}\nSecond local paragraph.\n`);
    const third = await h.open({ mode: 'bidirectional' });
    const report = await third.engine.sync();
    assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
    const remote = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    assert.equal(remote.split('First local paragraph.').length - 1, 1);
    assert.equal(remote.split('Second local paragraph.').length - 1, 1);
    assert.equal(third.store.getMapByPath(FILE)?.state, 'synced');
  });

  it('an appended paragraph whose answer is lost after Notion applied it is in Notion once', async () => {
    const first = await h.open({ mode: 'bidirectional' });
    await first.engine.pull();
    await first.close();
    const abs = path.join(h.workspace, FILE);
    await writeFile(abs, `${await readFile(abs, 'utf8')}\nAppended while the connection drops.\n`);
    // The edit reaches Notion; its answer does not (a connection cut on the way back).
    let cut = 0;
    const dropAnswer: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (cut === 0 && init?.method === 'PATCH' && String(input).includes('/markdown')) {
        cut++;
        throw new TypeError('fetch failed: other side closed');
      }
      return res;
    };
    const second = await h.open({ mode: 'bidirectional' }, { fetch: dropAnswer });
    const report = await second.engine.sync();
    assert.equal(cut, 1, 'the answer was cut');
    assert.equal(report.failed, 0);
    const remote = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    assert.equal(remote.split('Appended while the connection drops.').length - 1, 1, remote);
  });
});
