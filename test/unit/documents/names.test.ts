import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { isInside, nameKey, safeFileName, uniqueName } from '../../../src/sync/documents/names';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** What every produced name must satisfy, on every OS. */
function assertPortable(name: string, maxBytes = 100) {
  assert.ok(name.length > 0, 'not empty');
  assert.ok(bytes(name) <= maxBytes, `${bytes(name)} bytes > ${maxBytes}`);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(name, /[<>:"/\\|?*\u0000-\u001f\u007f]/, `forbidden char in ${JSON.stringify(name)}`);
  assert.doesNotMatch(name, /[. ]$/, 'no trailing dot or space');
  assert.doesNotMatch(name, /^\./, 'not hidden, not . or ..');
  assert.ok(!RESERVED.test(name.split('.')[0].trimEnd()), `reserved: ${name}`);
  assert.equal(name, name.normalize('NFC'));
  assert.ok(name.isWellFormed(), 'valid UTF-16');
  assert.equal(Buffer.from(name, 'utf8').toString('utf8'), name);
}

describe('documents/names', () => {
  describe('safeFileName', () => {
    const hostile: Array<[string, string | RegExp]> = [
      ['../../etc/passwd', 'etc-passwd'],
      ['..', 'Untitled'],
      ['.', 'Untitled'],
      ['CON', 'CON_'],
      ['con.md', 'con_.md'],
      ['aux', 'aux_'],
      ['COM1', 'COM1_'],
      ['lpt9.tar.gz', 'lpt9_.tar.gz'],
      ['nul ', 'nul_'],
      ['a/b\\c', 'a-b-c'],
      ['   ', 'Untitled'],
      ['', 'Untitled'],
      ['Report.', 'Report'],
      ['What? <Now>: "yes" | no*', 'What Now - yes - no'],
      ['Re: Meeting 12:30', 'Re - Meeting 12-30'],
      ['tab\there\nnew line\u0007bell', 'tab here new line bell'],
      ['evil\u202Etxt.exe', 'evil txt.exe'],
      ['.hidden', 'hidden'],
      ['Console', 'Console'],
      ['COM10', 'COM10'],
      ['CONOUT$', 'CONOUT$_'],
      ['com¹.txt', 'com¹_.txt'],
    ];
    for (const [title, expected] of hostile) {
      it(`${JSON.stringify(title)} → ${expected}`, () => {
        const name = safeFileName(title);
        if (typeof expected === 'string') assert.equal(name, expected);
        else assert.match(name, expected);
        assertPortable(name);
        assert.notEqual(path.basename(name), '..');
        assert.equal(path.basename(name), name, 'a single path segment');
      });
    }

    it('bounds 300 emoji to maxBytes without splitting a surrogate pair', () => {
      const name = safeFileName('😀'.repeat(300));
      assertPortable(name);
      assert.equal(name, '😀'.repeat(25));
    });

    it('does not cut a ZWJ family emoji or a flag mid-way', () => {
      const family = '👨‍👩‍👧‍👦';
      const name = safeFileName(family.repeat(30), { maxBytes: 60 });
      assertPortable(name, 60);
      assert.equal(name, family.repeat(Math.floor(60 / bytes(family))));
      const flags = safeFileName('🇫🇷'.repeat(30), { maxBytes: 30 });
      assert.equal(flags, '🇫🇷'.repeat(3));
    });

    it('bounds 300 CJK characters (3 bytes each)', () => {
      const name = safeFileName('漢'.repeat(300));
      assertPortable(name);
      assert.equal(name, '漢'.repeat(33));
    });

    it('normalises to NFC', () => {
      assert.equal(safeFileName('Cafe\u0301'), 'Café');
    });

    it('uses the fallback when nothing is left', () => {
      assert.equal(safeFileName('///', { fallback: 'Page' }), 'Page');
      assert.equal(safeFileName('...', { fallback: '..' }), 'Untitled');
    });

    it('produces portable names for arbitrary titles (property)', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 200 })), fc.integer({ min: 8, max: 255 }), (title, maxBytes) => {
          assertPortable(safeFileName(title, { maxBytes }), maxBytes);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('uniqueName', () => {
    it('keeps a free name and suffixes a taken one with the Notion id', () => {
      const taken = new Set<string>();
      const a = uniqueName('Title', taken, '1a2b3c4d-0000-0000-0000-000000000000');
      taken.add(a);
      const b = uniqueName('Title', taken, '9f8e7d6c-0000-0000-0000-000000000000');
      assert.equal(a, 'Title');
      assert.equal(b, 'Title (9f8e)');
    });

    it('compares case-insensitively (macOS, Windows) and across Unicode normal forms', () => {
      assert.equal(uniqueName('readme', new Set(['README']), 'abcdef12'), 'readme (abcd)');
      assert.equal(uniqueName('café', new Set(['CAFE\u0301']), 'abcdef12'), 'café (abcd)');
      assert.equal(nameKey('Café'), nameKey('CAFE\u0301'));
    });

    it('gives a page the same name whatever came before it', () => {
      const id = 'c0ffee00-1111-2222-3333-444444444444';
      const one = uniqueName('Notes', new Set(['Notes']), id);
      const many = uniqueName('Notes', new Set(['Notes', 'Notes (aaaa)', 'Other', 'Notes (bbbb)']), id);
      assert.equal(one, many);
      assert.equal(one, 'Notes (c0ff)');
    });

    it('lengthens the suffix when two ids share a prefix', () => {
      const taken = new Set(['Plan', 'Plan (abcd)']);
      assert.equal(uniqueName('Plan', taken, 'abcd9999-0000'), 'Plan (abcd9999)');
    });

    it('stays within maxBytes with the suffix', () => {
      const base = safeFileName('😀'.repeat(300));
      const name = uniqueName(base, new Set([base]), 'deadbeef');
      assert.ok(bytes(name) <= 100);
      assert.ok(name.endsWith(' (dead)'));
      assert.ok(name.isWellFormed());
    });

    it('falls back to a counter without an id', () => {
      assert.equal(uniqueName('X', new Set(['X']), ''), 'X (2)');
    });
  });

  describe('isInside', () => {
    const root = path.resolve('/work/ws');
    it('accepts paths below the root', () => {
      assert.ok(isInside(root, 'a.md'));
      assert.ok(isInside(root, path.join(root, 'a/b/c.md')));
      assert.ok(isInside(root, '..foo.md'));
    });
    it('refuses the root itself, parents, siblings and absolute escapes', () => {
      assert.ok(!isInside(root, '.'));
      assert.ok(!isInside(root, '..'));
      assert.ok(!isInside(root, '../ws2/a.md'));
      assert.ok(!isInside(root, 'a/../../etc/passwd'));
      assert.ok(!isInside(root, '/etc/passwd'));
      assert.ok(!isInside(root, path.resolve('/work/ws-other/a.md')));
    });
  });
});
