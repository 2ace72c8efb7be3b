// Hostile input: titles that try to escape or collide, invalid frontmatter and
// huge files in the workspace. Nothing escapes the target folder, nothing is
// overwritten, and the rest of the pull is unaffected.
import assert from 'node:assert/strict';
import { open, writeFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_IDS, harnessPerTest, listFiles, type Harness } from './support/engineHarness';

describe('engine: hostile inputs', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('hostile and colliding titles become safe, distinct files inside the folder', async () => {
    const titles = ['../../etc/passwd', 'CON', '😀'.repeat(300), 'Same title', 'Same title', 'a/b\\c:d*?"<>|', '..', ''];
    for (const title of titles) await h.control.createPage({ parentId: DEMO_IDS.rootPage, title, markdown: `Body of ${JSON.stringify(title)}\n` });
    const { engine, store } = await h.open();
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    const files = await listFiles(h.workspace);
    for (const f of files) {
      assert.ok(f.startsWith('notion/') || f.startsWith('.notion-sync/'), `${f} escaped`);
      for (const segment of f.split('/')) {
        assert.notEqual(segment, '..');
        assert.ok(Buffer.byteLength(segment) <= 110, `${segment.length} chars: too long`);
        assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(segment), `${segment} is reserved`);
        assert.ok(!/[<>:"|?*\\]/.test(segment), `${segment} has an illegal character`);
      }
    }
    const mapped = store.listMaps().filter((m) => m.notionType === 'page');
    assert.equal(new Set(mapped.map((m) => m.path.toLowerCase())).size, mapped.length, 'no two pages share a path');
    const same = mapped.filter((m) => m.title === 'Same title').map((m) => path.posix.basename(m.path));
    assert.equal(same.length, 2);
    assert.ok(same.includes('Same title.md'));
  });

  it('never writes over a file that is not ours, even at the same path', async () => {
    const dir = path.join(h.workspace, 'notion', 'Acme Handbook');
    await mkdir(dir, { recursive: true });
    const mine = '# Engineering notes\n\nMy own file, not from Notion.\n';
    await writeFile(path.join(dir, 'Engineering.md'), mine);
    const { engine, store } = await h.open();
    await engine.pull();
    assert.equal(await readFile(path.join(dir, 'Engineering.md'), 'utf8'), mine);
    const eng = store.getMapByNotionId(DEMO_IDS.engineeringPage);
    assert.ok(eng && eng.path !== 'notion/Acme Handbook/Engineering.md', eng?.path);
  });

  it('invalid frontmatter and a 50 MB file are reported, untouched, and the pull goes on', async () => {
    const bad = '---\ntitle: [unclosed\nnotion_id: nope\n---\nbody\n';
    await writeFile(path.join(h.workspace, 'broken.md'), bad);
    const huge = path.join(h.workspace, 'huge.md');
    const fh = await open(huge, 'w');
    await fh.truncate(50 * 1024 * 1024);
    await fh.close();
    const { engine } = await h.open();
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    const diags = report.index!.diagnostics;
    const broken = diags.find((d) => d.path === 'broken.md');
    assert.ok(broken && broken.code === 'invalid-frontmatter' && broken.line, JSON.stringify(diags));
    assert.ok(diags.some((d) => d.path === 'huge.md' && d.code === 'too-large'));
    assert.equal(await readFile(path.join(h.workspace, 'broken.md'), 'utf8'), bad);
    assert.equal((await stat(huge)).size, 50 * 1024 * 1024);
    assert.ok((await listFiles(h.workspace)).some((f) => f.endsWith('Local Setup.md')));
  });
});
