// The index learns the files a pull writes as it writes them: the next scan
// reads none of them again, and still sees an edit made right after the pull.
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { harnessPerTest, type Harness } from './support/engineHarness';

describe('engine: the files a pull writes are indexed as written (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('a scan right after the pull reads no file again', async () => {
    const { engine, store } = await h.open();
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    const pages = store.listMaps().filter((m) => m.notionType === 'page');
    for (const m of pages) {
      const doc = store.getDocumentByPath(m.path);
      const st = await stat(path.join(h.workspace, m.path));
      assert.ok(doc, `${m.path} indexed`);
      assert.deepEqual([doc.size, doc.mtimeMs, doc.id], [st.size, st.mtimeMs, m.localId], m.path);
    }
    const index = await engine.indexDocuments();
    assert.equal(index.changed, 0, `re-read: ${index.changedPaths.join(', ')}`);
  });

  it('an edit of the same size made right after the pull is still noticed', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    const map = store.listMaps().find((m) => m.notionType === 'page' && m.path.endsWith('Local Setup.md'))!;
    const abs = path.join(h.workspace, map.path);
    const text = await readFile(abs, 'utf8');
    const edited = text.replace(/[a-z](?=[^\n]*\n?$)/, (c) => (c === 'x' ? 'y' : 'x'));
    assert.notEqual(edited, text);
    assert.equal(Buffer.byteLength(edited), Buffer.byteLength(text));
    await writeFile(abs, edited);
    const index = await engine.indexDocuments();
    assert.deepEqual(index.changedPaths, [map.path]);
    assert.equal(store.getMapByPath(map.path)?.state, 'modified');
  });
});
