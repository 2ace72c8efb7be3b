import assert from 'node:assert/strict';
import fc from 'fast-check';
import matter from 'gray-matter';
import { parseDocument, serializeDocument } from '../../../src/sync/documents/frontmatter';

function ok(text: string) {
  const r = parseDocument(text, 'doc.md');
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.diagnostic)}`);
  return r;
}

describe('documents/frontmatter', () => {
  describe('parseDocument', () => {
    it('splits frontmatter and body', () => {
      const r = ok('---\ntitle: Hello\ntags: [a, b]\n---\n# Body\n\ntext\n');
      assert.deepEqual(r.frontmatter, { title: 'Hello', tags: ['a', 'b'] });
      assert.equal(r.body, '# Body\n\ntext\n');
      assert.equal(r.hasFrontmatter, true);
    });

    it('treats a file without frontmatter as all body', () => {
      const r = ok('# Just text\n---\nnot: frontmatter\n');
      assert.deepEqual(r.frontmatter, {});
      assert.equal(r.body, '# Just text\n---\nnot: frontmatter\n');
      assert.equal(r.hasFrontmatter, false);
    });

    it('keeps unquoted dates as the text the user wrote', () => {
      const r = ok('---\ndue: 2024-03-01\nat: 2024-03-01T10:00:00Z\n---\n');
      assert.deepEqual(r.frontmatter, { due: '2024-03-01', at: '2024-03-01T10:00:00Z' });
    });

    it('reads CRLF files and strips a BOM', () => {
      const r = ok('\ufeff---\r\ntitle: Win\r\n---\r\nline\r\n');
      assert.deepEqual(r.frontmatter, { title: 'Win' });
      assert.equal(r.body, 'line\r\n');
    });

    it('reports invalid YAML with path, 1-based line and column, and the YAML message', () => {
      const r = parseDocument('---\ntitle: ok\nlist:\n  - a\n   bad: [\n---\nbody\n', 'notes/broken.md');
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.diagnostic.path, 'notes/broken.md');
      assert.equal(r.diagnostic.code, 'invalid-frontmatter');
      assert.equal(r.diagnostic.severity, 'error');
      assert.ok(r.diagnostic.line !== undefined && r.diagnostic.line >= 4 && r.diagnostic.line <= 6, `line ${r.diagnostic.line}`);
      assert.ok((r.diagnostic.column ?? 0) >= 1);
    });

    it('points at the exact line of a bad indentation', () => {
      const r = parseDocument('---\ntitle: x\n  bad: 1\n---\n', 'a.md');
      assert.ok(!r.ok);
      if (r.ok) return;
      assert.equal(r.diagnostic.line, 3);
      assert.equal(r.diagnostic.column, 6);
      assert.match(r.diagnostic.message, /indentation/);
    });

    it('reports duplicate keys', () => {
      const r = parseDocument('---\na: 1\na: 2\n---\n', 'a.md');
      assert.ok(!r.ok);
      if (!r.ok) assert.equal(r.diagnostic.line, 3);
    });

    it('refuses an unclosed block instead of swallowing the body', () => {
      const r = parseDocument('---\ntitle: x\n\nLots of text\n', 'a.md');
      assert.ok(!r.ok);
      if (!r.ok) assert.match(r.diagnostic.message, /not closed/);
    });

    it('refuses frontmatter that is not a mapping', () => {
      assert.equal(parseDocument('---\n- a\n- b\n---\n', 'a.md').ok, false);
      assert.equal(parseDocument('---\njust a string\n---\n', 'a.md').ok, false);
    });

    it('never evaluates JavaScript frontmatter', () => {
      const g = globalThis as { pwned?: boolean };
      const r = parseDocument('---js\n{ a: (globalThis.pwned = true) }\n---\nbody', 'a.md');
      assert.equal(r.ok, false);
      assert.equal(g.pwned, undefined);
    });

    it('returns fresh objects: mutating one result does not leak into the next parse', () => {
      const text = '---\ntags: [a]\n---\nbody';
      const first = ok(text);
      (first.frontmatter.tags as string[]).push('mutated');
      first.frontmatter.extra = 1;
      assert.deepEqual(ok(text).frontmatter, { tags: ['a'] });
    });

    it('leaves gray-matter\'s content cache empty', () => {
      parseDocument('---\na: 1\n---\nx', 'a.md');
      assert.deepEqual(Object.keys((matter as unknown as { cache: object }).cache), []);
    });

    it('keeps a "__proto__" key as data, never as a prototype', () => {
      const r = ok('---\n__proto__:\n  polluted: true\n---\n');
      assert.equal(Object.getPrototypeOf(r.frontmatter), Object.prototype);
      assert.deepEqual(Object.keys(r.frontmatter), ['__proto__']);
      assert.equal(({} as { polluted?: boolean }).polluted, undefined);
      const back = ok(serializeDocument(r.frontmatter, ''));
      assert.deepStrictEqual(back.frontmatter, r.frontmatter);
    });

    it('treats an empty block as empty frontmatter', () => {
      const r = ok('---\n---\nbody');
      assert.deepEqual(r.frontmatter, {});
      assert.equal(r.body, 'body');
      assert.equal(r.hasFrontmatter, true);
    });
  });

  describe('serializeDocument', () => {
    it('writes engine keys first, then the rest in the given order', () => {
      const text = serializeDocument({ title: 'T', notion_last_edited: '2024-01-01T00:00:00.000Z', tags: ['x'], notion_id: 'abc', notion_url: 'https://n/abc' }, 'body\n');
      const keys = text.split('\n').slice(1, 6).map((l) => l.split(':')[0]);
      assert.deepEqual(keys, ['notion_id', 'notion_url', 'notion_last_edited', 'title', 'tags']);
    });

    it('quotes strings that would read as other types', () => {
      const fm = { a: '123', b: 'true', c: '2024-01-01', d: 'null', e: 'yes', f: '~', g: '0x1F', h: '1e3', i: '.inf', j: 'off' };
      const text = serializeDocument(fm, '');
      for (const line of text.split('\n').slice(1, -2)) assert.match(line, /: ['"]/, line);
      assert.deepEqual(ok(text).frontmatter, fm);
    });

    it('writes Dates as ISO strings', () => {
      const text = serializeDocument({ when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }, '');
      assert.deepEqual(ok(text).frontmatter, { when: '2024-01-02T03:04:05.000Z' });
    });

    it('keeps emoji and CJK readable, and multi-line strings exact', () => {
      const fm = { title: 'Launch 🚀 計画', notes: 'line 1\n  indented\n\ntrailing  \n' };
      const text = serializeDocument(fm, 'x');
      assert.ok(text.includes('Launch 🚀 計画'));
      assert.deepEqual(ok(text).frontmatter, fm);
    });

    it('drops undefined values', () => {
      assert.deepEqual(ok(serializeDocument({ a: 1, b: undefined }, '')).frontmatter, { a: 1 });
    });

    it('writes no block for empty frontmatter, unless the body would read as one', () => {
      assert.equal(serializeDocument({}, '# Hi\n'), '# Hi\n');
      const tricky = '---\ntitle: fake\n---\nbody';
      const r = ok(serializeDocument({}, tricky));
      assert.deepEqual(r.frontmatter, {});
      assert.equal(r.body, tricky);
    });

    it('round-trips arbitrary JSON-like frontmatter and bodies (property)', () => {
      // Text in files is UTF-8, so lone surrogates cannot occur; grapheme strings cover the rest of Unicode.
      const str = fc.oneof(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary-ascii' }),
        fc.constantFrom('true', 'False', 'null', '~', 'yes', 'NO', 'on', '123', '-0', '1e5', '0o17', '2024-01-01', '12:30', '---', '...', '- x', '# c', '  lead', 'trail ', 'a\nb', '\n', '"', "'", '@x', '`y', '{', '[', '&a', '*a', '!t', '%', '|', '>', '? q'),
      );
      const key = fc.oneof(str, fc.constantFrom('notion_id', 'notion_url', 'notion_last_edited', 'title', '__proto__', 'constructor', '1', '<<'));
      const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.maxSafeInteger());
      const { value } = fc.letrec((tie) => ({
        value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, str, num, fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), tie('object')),
        object: fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
      }));
      const frontmatter = fc.dictionary(key, value, { maxKeys: 6, noNullPrototype: true });
      const body = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii' }), fc.constantFrom('---\n', '---\nx: 1\n---\n', '\r\n\r\n', '\n---', '\ufeffbom'));
      fc.assert(
        fc.property(frontmatter, body, (fm, b) => {
          const text = serializeDocument(fm, b);
          const r = parseDocument(text, 'p.md');
          if (!r.ok) throw new Error(`${r.diagnostic.message}\n${text}`);
          assert.deepStrictEqual(r.frontmatter, fm);
          assert.equal(r.body, b);
        }),
        { numRuns: 500 },
      );
    });
  });
});
