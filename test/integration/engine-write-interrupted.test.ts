// A pull that wrote a page's new version into its file and died (kill -9)
// before the state that goes with it (hashes, base) reached the state file.
// The next run found a file unlike the one it knew and took it for a local
// edit: once the page changed in Notion again, a page edited only in Notion
// became a conflict (the reliability suite's kill -9 during pull found it).
// The next run must recognise the file as the engine's own write.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultStatePath } from '../../src/sync/engine/open';
import type { SyncMode } from '../../src/sync/settings';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const FILE = 'notion/Acme Handbook/Getting Started/Local Setup.md';
const FIRST = 'Edited in Notion before the kill.';
const SECOND = 'Edited in Notion after the kill.';

/** The files that make up the engine's state (the database and what sits beside it), as they are now. */
function snapshotState(statePath: string): Map<string, Buffer> {
  const dir = path.dirname(statePath);
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) if (name.startsWith(path.basename(statePath))) files.set(name, readFileSync(path.join(dir, name)));
  return files;
}

/** Puts the state back as a kill at the snapshot left it (files added since are removed). */
function restoreState(statePath: string, files: Map<string, Buffer>): void {
  const dir = path.dirname(statePath);
  for (const name of readdirSync(dir)) if (name.startsWith(path.basename(statePath)) && !files.has(name)) rmSync(path.join(dir, name));
  for (const [name, bytes] of files) writeFileSync(path.join(dir, name), bytes);
}

async function editInNotion(h: Harness, line: string): Promise<void> {
  await h.control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: `\n${line}\n` });
  await h.control.advanceClock(2 * 60_000);
  h.advance(2 * 60_000);
}

describe('engine: kill -9 between the write of a pulled file and the save of its state (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  for (const mode of ['publish', 'bidirectional'] as SyncMode[]) {
    it(`${mode}: the next pull takes the file as the engine's write; a later Notion edit is pulled, no conflict`, async () => {
      const state = defaultStatePath(h.workspace);
      const first = await h.open({ mode });
      await first.engine.pull();
      await first.close();
      await editInNotion(h, FIRST);

      // The second run: the state files as they are the moment the new version is in the file.
      const second = await h.open({ mode });
      let atKill: Map<string, Buffer> | undefined;
      const abs = path.join(h.workspace, FILE);
      const stop = second.store.onDidWrite((tables) => {
        if (atKill || !tables.has('binder_documents') || !existsSync(abs) || !readFileSync(abs, 'utf8').includes(FIRST)) return;
        atKill = snapshotState(state);
      });
      await second.engine.pull();
      stop();
      await second.close();
      assert.ok(atKill, 'the pull wrote the file');
      restoreState(state, atKill);
      assert.match(await readText(h.workspace, FILE), new RegExp(FIRST));

      await editInNotion(h, SECOND);
      const third = await h.open({ mode });
      const report = await third.engine.sync();
      assert.equal(report.conflicts, 0, JSON.stringify(report.changes));
      const text = await readText(h.workspace, FILE);
      assert.match(text, new RegExp(FIRST));
      assert.match(text, new RegExp(SECOND));
      assert.equal(third.engine.read.mapByPath(FILE)?.state, 'synced');
      assert.equal((await h.control.getPage(DEMO_IDS.localSetupPage)).markdown.split(FIRST).length - 1, 1, 'nothing pushed back twice');
    });
  }
});
