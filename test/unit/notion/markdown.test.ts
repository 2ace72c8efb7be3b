import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  contentHash,
  detectLossy,
  extractResources,
  normaliseMarkdown,
  stripPresignedParams,
} from '../../../src/sync/notion/markdown';
import { normaliseId, parseNotionId, sameId } from '../../../src/sync/notion/ids';
import type { RawBlock } from '../../../src/sync/notion/types';

const signed = (file: string, sig: string) =>
  `https://prod-files-secure.s3.us-west-2.amazonaws.com/ws/${file}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F${sig}&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-Signature=${sig}&X-Amz-SignedHeaders=host&x-id=GetObject`;

describe('notion/markdown', () => {
  it('normalises line endings, trailing whitespace and the final newline', () => {
    assert.equal(normaliseMarkdown('\uFEFF# T  \r\n\r\nbody\t\r\n\n\n'), '# T\n\nbody\n');
    assert.equal(normaliseMarkdown('a'), 'a\n');
    assert.equal(normaliseMarkdown('\n \n'), '');
    assert.equal(normaliseMarkdown('\tindented child'), '\tindented child\n');
  });

  it('is idempotent (property-based)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const once = normaliseMarkdown(s);
        assert.equal(normaliseMarkdown(once), once);
      }),
    );
  });

  it('strips pre-signed X-Amz-* parameters, keeping the rest of the URL', () => {
    assert.equal(stripPresignedParams(`![a](${signed('a.png', 'aaa')})`), '![a](https://prod-files-secure.s3.us-west-2.amazonaws.com/ws/a.png?x-id=GetObject)');
    assert.equal(stripPresignedParams('https://x.test/f.pdf?X-Amz-Signature=1'), 'https://x.test/f.pdf');
    assert.equal(stripPresignedParams('<file src="https://x.test/f?X-Amz-Date=1&amp;a=2"/>'), '<file src="https://x.test/f?a=2"/>');
    assert.equal(stripPresignedParams('[plain](https://example.com/?q=1)'), '[plain](https://example.com/?q=1)');
  });

  it('hashes equal content equally, whatever the signatures and whitespace', () => {
    const a = `# Doc\n\n![img](${signed('i.png', 'one')})  \n`;
    const b = `# Doc\r\n\r\n![img](${signed('i.png', 'two')})\r\n\r\n`;
    assert.equal(contentHash(a), contentHash(b));
    assert.match(contentHash(a), /^[0-9a-f]{64}$/);
    assert.notEqual(contentHash(a), contentHash('# Doc\n\nother\n'));
  });

  it('flags truncated bodies, unknown block ids and <unknown> placeholders as lossy', () => {
    assert.equal(detectLossy('# fine\n', false, []), null);
    assert.deepEqual(detectLossy('x', true, []), { truncated: true, unknownBlockIds: [] });
    const md = 'text\n<unknown url="https://www.notion.so/abc#0123456789abcdef0123456789abcdef" alt="bookmark"/>\n';
    assert.deepEqual(detectLossy(md, false, []), { truncated: false, unknownBlockIds: ['01234567-89ab-cdef-0123-456789abcdef'] });
    assert.deepEqual(detectLossy('x', false, ['0123456789abcdef0123456789abcdef']), {
      truncated: false,
      unknownBlockIds: ['01234567-89ab-cdef-0123-456789abcdef'],
    });
    // A placeholder inside a code block is text, not a placeholder.
    assert.equal(detectLossy('```\n<unknown url="https://x" alt="y"/>\n```\n', false, []), null);
  });

  it('extracts links, images, files, videos, pdfs, audio and media tags', () => {
    const md = [
      '[site](https://example.com/page) and ![logo](https://cdn.example.com/l.png)',
      `[report](https://example.com/r.pdf) [clip](https://youtu.be/xyz) [song](https://a.test/s.mp3)`,
      `![shot](${signed('s.png', 'q')}) [doc](${signed('d.docx', 'q')})`,
      '<video src="https://v.example.com/m.mp4"></video>',
      '<pdf src="https://example.com/spec.pdf" caption="Spec"/>',
      '<https://auto.example.com>',
      '`[not](https://code.example.com)`',
      '```\n[nor](https://fenced.example.com)\n```',
      '[mail](mailto:a@example.com) [rel](./local.md)',
    ].join('\n');
    const got = extractResources(md).map((r) => `${r.kind} ${r.url.replace(/\?.*/, '')}${r.title ? ` "${r.title}"` : ''}`);
    assert.deepEqual(got, [
      'link https://example.com/page "site"',
      'image https://cdn.example.com/l.png "logo"',
      'pdf https://example.com/r.pdf "report"',
      'video https://youtu.be/xyz "clip"',
      'audio https://a.test/s.mp3 "song"',
      'image https://prod-files-secure.s3.us-west-2.amazonaws.com/ws/s.png "shot"',
      'file https://prod-files-secure.s3.us-west-2.amazonaws.com/ws/d.docx "doc"',
      'link mailto:a@example.com "mail"',
      'link https://auto.example.com',
      'video https://v.example.com/m.mp4',
      'pdf https://example.com/spec.pdf "Spec"',
    ]);
  });

  it('takes bookmarks and embeds from the blocks behind <unknown> placeholders', () => {
    const block = (type: string, body: unknown) => ({ object: 'block', id: `id-${type}`, type, [type]: body }) as unknown as RawBlock;
    const caption = [{ plain_text: 'Cap' }];
    const got = extractResources('body\n', [
      block('bookmark', { url: 'https://bookmarked.example.com', caption }),
      block('embed', { url: 'https://embedded.example.com', caption: [] }),
      block('link_preview', { url: 'https://github.com/x/y/pull/1' }),
      block('paragraph', { rich_text: [] }),
    ]);
    assert.deepEqual(got, [
      { kind: 'bookmark', url: 'https://bookmarked.example.com', blockId: 'id-bookmark', title: 'Cap' },
      { kind: 'embed', url: 'https://embedded.example.com', blockId: 'id-embed' },
      { kind: 'bookmark', url: 'https://github.com/x/y/pull/1', blockId: 'id-link_preview' },
    ]);
  });

  it('deduplicates a resource that appears twice', () => {
    assert.equal(extractResources('[a](https://e.com) [b](https://e.com)').length, 1);
  });
});

describe('notion/ids', () => {
  const id = '0123456789abcdef0123456789abcdef';
  const dashed = '01234567-89ab-cdef-0123-456789abcdef';
  it('accepts ids with or without dashes and Notion URLs', () => {
    assert.equal(parseNotionId(id), dashed);
    assert.equal(parseNotionId(dashed.toUpperCase()), dashed);
    assert.equal(parseNotionId(`https://www.notion.so/team/My-Page-${id}`), dashed);
    assert.equal(parseNotionId(`https://www.notion.so/${id}?v=fedcba9876543210fedcba9876543210`), dashed);
    assert.equal(parseNotionId(`https://www.notion.so/team/${id}?pvs=4`), dashed);
    assert.equal(parseNotionId(`collection://${dashed}`), dashed);
    assert.equal(parseNotionId('not an id'), null);
    assert.throws(() => normaliseId('nope'), /Not a Notion id or URL/);
    assert.ok(sameId(id, dashed));
  });
});
