import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeText, hashContent, normaliseMarkdown, scanWorkspace, toPrevious, type ScanOptions } from '../../../src/sync/documents/scanner';

describe('documents/scanner', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-scan-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const write = async (rel: string, text: string | Buffer) => {
    const abs = path.join(root, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, text);
  };
  const scan = (extra: Partial<ScanOptions> = {}) => scanWorkspace({ root, include: ['**/*.md'], exclude: [], ...extra });

  describe('normaliseMarkdown / hashContent', () => {
    it('ignores CRLF, trailing whitespace, trailing blank lines and a BOM', () => {
      assert.equal(normaliseMarkdown('\ufeffa  \r\nb\t\r\n\r\n\r\n'), 'a\nb\n');
      assert.equal(hashContent('a\r\nb'), hashContent('a  \nb\n\n'));
      assert.notEqual(hashContent('a\nb'), hashContent('a\nc'));
      assert.equal(normaliseMarkdown(''), '');
      assert.match(hashContent('x'), /^[0-9a-f]{64}$/);
    });
  });

  it('finds documents with titles, frontmatter, hashes and stable ids', async () => {
    await write('a.md', '---\ntitle: From FM\nnotion_id: 1234abcd\n---\n# Heading\n');
    await write('notes/b.md', '```\n# not a heading\n```\n\n# Real Heading #\n');
    await write('notes/deep/c.md', 'no heading\n');
    await write('ignored.txt', 'x');
    const r = await scan();
    assert.deepEqual(r.documents.map((d) => [d.path, d.title, d.notionId]), [
      ['a.md', 'From FM', '1234abcd'],
      ['notes/b.md', 'Real Heading', null],
      ['notes/deep/c.md', 'c', null],
    ]);
    const [a, b] = r.documents;
    assert.equal(a.id, 'notion:1234abcd');
    assert.match(b.id, /^[0-9a-f-]{36}$/);
    assert.equal(a.contentHash, hashContent('---\ntitle: From FM\nnotion_id: 1234abcd\n---\n# Heading\n'));
    assert.deepEqual(a.frontmatter, { title: 'From FM', notion_id: '1234abcd' });
    assert.ok(r.documents.every((d) => !d.unchanged));
    assert.deepEqual(r.stats.files, 3);
    assert.deepEqual(r.stats.read, 3);
  });

  it('skips node_modules, .git and the trash folder, and honours include/exclude globs', async () => {
    await write('node_modules/pkg/readme.md', 'x');
    await write('.git/x.md', 'x');
    await write('.notion-sync/trash/old.md', 'x');
    await write('docs/keep.md', 'x');
    await write('docs/drafts/skip.md', 'x');
    await write('other/no.md', 'x');
    const r = await scan({ include: ['docs/**/*.md'], exclude: ['docs/drafts/**'] });
    assert.deepEqual(r.documents.map((d) => d.path), ['docs/keep.md']);
    const custom = await scan({ skipDirs: ['other', 'docs/drafts'] });
    assert.deepEqual(custom.documents.map((d) => d.path), ['.git/x.md', '.notion-sync/trash/old.md', 'docs/keep.md', 'node_modules/pkg/readme.md']);
  });

  it('rescan with nothing changed reads no file and keeps ids, hashes and metadata', async () => {
    for (let i = 0; i < 20; i++) await write(`d/${i}.md`, `---\ntitle: Doc ${i}\n---\nbody ${i}\n`);
    const first = await scan();
    assert.equal(first.stats.read, 20);
    const second = await scan({ previous: toPrevious(first.documents) });
    assert.equal(second.stats.read, 0);
    assert.equal(second.stats.files, 20);
    assert.ok(second.documents.every((d) => d.unchanged));
    assert.deepEqual(
      second.documents.map(({ unchanged: _u, ...d }) => d),
      first.documents.map(({ unchanged: _u, ...d }) => d),
    );
    assert.deepEqual(second.removed, []);
  });

  it('works from the minimal previous shape (size, mtime, hash, id) without reading', async () => {
    await write('x.md', '# X\n');
    const first = await scan();
    const d = first.documents[0];
    const prev = new Map([[d.path, { size: d.size, mtimeMs: d.mtimeMs, contentHash: d.contentHash, id: d.id }]]);
    const r = await scan({ previous: prev });
    assert.equal(r.stats.read, 0);
    assert.equal(r.documents[0].id, d.id);
    assert.equal(r.documents[0].contentHash, d.contentHash);
  });

  it('re-reads a touched file: same hash, but not unchanged (its new mtime must be stored)', async () => {
    await write('a.md', 'one\n');
    await write('b.md', 'two\n');
    const first = await scan();
    const later = new Date(Date.now() + 5000);
    await fs.utimes(path.join(root, 'a.md'), later, later);
    await write('b.md', 'two, edited\n');
    const r = await scan({ previous: toPrevious(first.documents) });
    assert.equal(r.stats.read, 2);
    const [a, b] = r.documents;
    assert.equal(a.unchanged, false);
    assert.equal(a.contentHash, first.documents[0].contentHash);
    assert.ok(Math.abs(a.mtimeMs - later.getTime()) < 1, 'the new mtime is reported');
    assert.equal(b.unchanged, false);
    assert.equal(a.id, first.documents[0].id);
    assert.equal(b.id, first.documents[1].id);
    assert.notEqual(b.contentHash, first.documents[1].contentHash);
  });

  it('re-reads files not safely older than the previous scan (same-tick edits on coarse mtimes)', async () => {
    await write('old.md', 'old\n');
    await write('fresh.md', 'v1\n');
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(path.join(root, 'old.md'), past, past);
    // whole seconds, as on a file system with coarse mtimes
    const tick = Math.floor(Date.now() / 1000);
    await fs.utimes(path.join(root, 'fresh.md'), tick, tick);
    const first = await scan();
    // an edit in the same tick with the same size
    await write('fresh.md', 'v2\n');
    await fs.utimes(path.join(root, 'fresh.md'), tick, tick);
    const blind = await scan({ previous: toPrevious(first.documents) });
    assert.equal(blind.stats.read, 0, 'size + mtime alone cannot see it');
    const r = await scan({ previous: toPrevious(first.documents), previousStartedAt: first.startedAt });
    assert.equal(r.stats.read, 1, 'only the racy file is read');
    const fresh = r.documents.find((d) => d.path === 'fresh.md');
    assert.equal(fresh?.unchanged, false);
    assert.equal(fresh?.contentHash, hashContent('v2\n'));
  });

  it('reports removed files, and a renamed linked file keeps its notion id', async () => {
    await write('gone.md', 'x\n');
    await write('linked.md', '---\nnotion_id: abc\n---\nx\n');
    const first = await scan();
    await fs.rm(path.join(root, 'gone.md'));
    await fs.rename(path.join(root, 'linked.md'), path.join(root, 'moved.md'));
    const r = await scan({ previous: toPrevious(first.documents) });
    assert.deepEqual(r.removed, ['gone.md', 'linked.md']);
    assert.deepEqual(r.documents.map((d) => [d.path, d.id]), [['moved.md', 'notion:abc']]);
  });

  it('gives a copied linked file its own id and a warning', async () => {
    await write('a.md', '---\nnotion_id: same\n---\n');
    await write('b.md', '---\nnotion_id: same\n---\n');
    const r = await scan();
    assert.equal(r.documents[0].id, 'notion:same');
    assert.notEqual(r.documents[1].id, 'notion:same');
    assert.deepEqual(r.diagnostics.map((d) => [d.path, d.code]), [['b.md', 'duplicate-notion-id']]);
  });

  it('reports invalid frontmatter with a line, and the rest of the scan is unaffected', async () => {
    await write('bad.md', '---\ntitle: ok\ntags: [a, b\n---\nbody\n');
    await write('good.md', '# Good\n');
    const r = await scan();
    assert.deepEqual(r.documents.map((d) => d.path), ['good.md']);
    assert.equal(r.diagnostics.length, 1);
    const [d] = r.diagnostics;
    assert.equal(d.path, 'bad.md');
    assert.equal(d.code, 'invalid-frontmatter');
    assert.equal(d.severity, 'error');
    assert.ok(d.line !== undefined && d.line >= 3);
    assert.equal(r.stats.skipped, 1);
    assert.deepEqual(r.removed, []);
    // the file is left exactly as it was
    assert.equal(await fs.readFile(path.join(root, 'bad.md'), 'utf8'), '---\ntitle: ok\ntags: [a, b\n---\nbody\n');
  });

  it('reports binary and non-UTF-8 files', async () => {
    await write('bin.md', Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]));
    await write('latin1.md', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await write('ok.md', 'ok');
    const r = await scan();
    assert.deepEqual(r.documents.map((d) => d.path), ['ok.md']);
    assert.deepEqual(r.diagnostics.map((d) => [d.path, d.code]), [['bin.md', 'binary'], ['latin1.md', 'binary']]);
  });

  it('reports a file over maxBytes without reading it', async () => {
    await write('big.md', 'x'.repeat(2000));
    await write('small.md', 'x');
    const r = await scan({ maxBytes: 1000 });
    assert.deepEqual(r.documents.map((d) => d.path), ['small.md']);
    assert.deepEqual(r.diagnostics.map((d) => [d.path, d.code]), [['big.md', 'too-large']]);
    assert.equal(r.stats.read, 1);
    assert.equal(r.stats.skipped, 1);
    assert.deepEqual(r.removed, []);
  });

  it('reports an unreadable file and goes on', async function () {
    if (process.platform === 'win32' || process.getuid?.() === 0) this.skip(); // root reads anything
    await write('locked.md', 'x');
    await write('ok.md', 'y');
    await fs.chmod(path.join(root, 'locked.md'), 0o000);
    const r = await scan();
    assert.deepEqual(r.documents.map((d) => d.path), ['ok.md']);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['unreadable']);
  });

  it('never follows symlinks (out of the root, inside it, or into folders) and reports them', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-outside-'));
    try {
      await fs.writeFile(path.join(outside, 'secret.md'), 'secret');
      await write('inside.md', 'in');
      await write('.git/config', '[remote]');
      await fs.symlink(path.join(outside, 'secret.md'), path.join(root, 'escape.md'));
      await fs.symlink(outside, path.join(root, 'escape-dir'));
      await fs.symlink(path.join(root, 'inside.md'), path.join(root, 'alias.md'));
      await fs.symlink('.git/config', path.join(root, 'git config.md'));
      await fs.symlink(root, path.join(root, 'loop'));
      const r = await scan();
      assert.deepEqual(r.documents.map((d) => d.path), ['inside.md']);
      assert.deepEqual(
        r.diagnostics.map((d) => [d.path, d.code]),
        [['alias.md', 'symlink'], ['escape-dir', 'symlink'], ['escape.md', 'symlink'], ['git config.md', 'symlink'], ['loop', 'symlink']],
      );
      // Only where files are expected to sync, when asked.
      await write('notes/real.md', 'x');
      await fs.symlink(path.join(root, 'inside.md'), path.join(root, 'notes', 'linked.md'));
      const scoped = await scan({ reportLinksUnder: ['notes'] });
      assert.deepEqual(scoped.documents.map((d) => d.path), ['inside.md', 'notes/real.md']);
      assert.deepEqual(scoped.diagnostics.map((d) => d.path), ['notes/linked.md']);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('reads again a whole-second mtime recorded less than 2 s after it (a same-size save in that second is seen), not one recorded later', async () => {
    await write('a.md', 'version one\n');
    const abs = path.join(root, 'a.md');
    const second = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await fs.utimes(abs, second, second);
    const first = await scan();
    const entry = (recordedAt: number) => new Map([['a.md', { ...first.documents[0]!, recordedAt }]]);
    // Same size, same whole-second mtime: only the content tells the edit apart.
    await fs.writeFile(abs, 'version two\n');
    await fs.utimes(abs, second, second);
    const recent = await scan({ previous: entry(second.getTime() + 500) });
    assert.equal(recent.stats.read, 1);
    assert.equal(recent.documents[0]!.unchanged, false);
    assert.equal(recent.documents[0]!.contentHash, hashContent('version two\n'));
    const settled = await scan({ previous: entry(second.getTime() + 5_000) });
    assert.equal(settled.stats.read, 0, 'recorded well after its mtime: trusted');
  });

  it('describeText gives the index entry a scan would make', () => {
    const text = '---\nnotion_id: abc123\ntitle: T\n---\nbody\n';
    const d = describeText(text, 'x/y.md');
    assert.ok(d.ok);
    assert.deepEqual([d.title, d.notionId, d.contentHash], ['T', 'abc123', hashContent(text)]);
    assert.equal(describeText('---\n: [\n---\n', 'bad.md').ok, false);
  });

  it('stops when aborted', async () => {
    for (let i = 0; i < 50; i++) await write(`${i}.md`, 'x');
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(scan({ signal: ac.signal }), { name: 'AbortError' });
  });
});
