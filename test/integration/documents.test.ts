// The documents layer against a real file system at a realistic size.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupThenWrite, moveToTrash } from '../../src/sync/documents/atomicWrite';
import { parseDocument, serializeDocument } from '../../src/sync/documents/frontmatter';
import { safeFileName, uniqueName } from '../../src/sync/documents/names';
import { scanWorkspace, toPrevious } from '../../src/sync/documents/scanner';

describe('documents (integration)', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-docs-int-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reports a 50 MB markdown file as too large without reading it', async () => {
    const big = path.join(root, 'huge.md');
    const fh = await fs.open(big, 'w');
    await fh.write('# Huge\n');
    await fh.truncate(50 * 1024 * 1024); // sparse: created instantly, 50 MB by size
    await fh.close();
    await fs.writeFile(path.join(root, 'small.md'), '# Small\n');
    const heapBefore = process.memoryUsage().arrayBuffers;
    const r = await scanWorkspace({ root, include: ['**/*.md'], exclude: [] });
    const heapGrowth = process.memoryUsage().arrayBuffers - heapBefore;
    assert.deepEqual(r.documents.map((d) => d.path), ['small.md']);
    assert.deepEqual(r.diagnostics.map((d) => [d.path, d.code, d.severity]), [['huge.md', 'too-large', 'warning']]);
    assert.match(r.diagnostics[0].message, /50\.0 MB/);
    assert.equal(r.stats.read, 1, 'only small.md was read');
    assert.equal(r.stats.skipped, 1);
    assert.ok(heapGrowth < 10 * 1024 * 1024, `buffers grew by ${heapGrowth} bytes`);
  });

  it('pull-like round: names for hostile titles, write, rescan, edit, backup, trash', async () => {
    const titles = ['../../etc/passwd', '..', 'CON', 'con.md', 'Notes', 'notes', 'Notes', '😀'.repeat(300), '漢'.repeat(300), 'a/b\\c', '   '];
    const taken = new Set<string>();
    const written: string[] = [];
    for (const [i, title] of titles.entries()) {
      const id = `${i.toString(16).padStart(4, '0')}beef-0000-0000-0000-00000000000${i % 10}`;
      const name = uniqueName(safeFileName(title), taken, id);
      taken.add(name);
      const rel = `pages/${name}.md`;
      await backupThenWrite(root, rel, serializeDocument({ notion_id: id, title }, `# ${title}\n\nBody ${i}\n`), '.notion-sync/backups');
      written.push(rel);
    }
    // every title got its own file, all inside pages/
    assert.equal(new Set(written.map((w) => w.toLowerCase())).size, titles.length);
    const onDisk = (await fs.readdir(path.join(root, 'pages'))).sort();
    assert.equal(onDisk.length, titles.length);

    const first = await scanWorkspace({ root, include: ['**/*.md'], exclude: ['**/.notion-sync/**'] });
    assert.equal(first.documents.length, titles.length);
    assert.deepEqual(first.diagnostics, []);
    for (const d of first.documents) {
      assert.ok(d.id.startsWith('notion:'));
      // a blank title falls back to the file name
      assert.ok(titles.includes(d.title) || d.title === path.posix.basename(d.path, '.md'), d.title);
    }

    // the user edits one file; Notion's version comes in on top: the user's words are kept
    const target = first.documents.find((d) => d.title === 'CON');
    assert.ok(target);
    const abs = path.join(root, target.path);
    await fs.writeFile(abs, (await fs.readFile(abs, 'utf8')) + '\nMy local paragraph.\n');
    const rescan = await scanWorkspace({ root, include: ['**/*.md'], exclude: ['**/.notion-sync/**'], previous: toPrevious(first.documents) });
    assert.equal(rescan.stats.read, 1);
    assert.deepEqual(rescan.documents.filter((d) => !d.unchanged).map((d) => d.path), [target.path]);
    const backup = await backupThenWrite(root, target.path, serializeDocument({ notion_id: target.notionId, title: 'CON' }, '# CON\n\nFrom Notion\n'), '.notion-sync/backups');
    assert.ok(backup);
    assert.match(await fs.readFile(backup, 'utf8'), /My local paragraph/);
    const parsed = parseDocument(await fs.readFile(abs, 'utf8'), target.path);
    assert.ok(parsed.ok && parsed.body.includes('From Notion'));

    // a remote delete moves the file to the trash; the next scan reports it removed
    const trashed = await moveToTrash(root, target.path, '.notion-sync/trash');
    assert.ok(trashed.includes(`${path.sep}.notion-sync${path.sep}trash${path.sep}`));
    const after = await scanWorkspace({ root, include: ['**/*.md'], exclude: ['**/.notion-sync/**'], previous: toPrevious(rescan.documents) });
    assert.deepEqual(after.removed, [target.path]);
    assert.equal(after.stats.read, 0);
  });

  it('scans 2,000 files, then rescans without reading any', async () => {
    for (let d = 0; d < 20; d++) {
      await fs.mkdir(path.join(root, `dir${d}`), { recursive: true });
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => fs.writeFile(path.join(root, `dir${d}`, `note-${i}.md`), `---\ntitle: Note ${d}-${i}\n---\n\nText ${i}\n`)),
      );
    }
    const first = await scanWorkspace({ root, include: ['**/*.md'], exclude: [] });
    assert.equal(first.documents.length, 2000);
    assert.equal(first.stats.read, 2000);
    assert.equal(new Set(first.documents.map((d) => d.id)).size, 2000);
    const second = await scanWorkspace({ root, include: ['**/*.md'], exclude: [], previous: toPrevious(first.documents) });
    assert.equal(second.stats.read, 0);
    assert.ok(second.documents.every((d) => d.unchanged));
  });
});
