import assert from 'node:assert/strict';
import { mergeThreeWay } from '../../../src/sync/engine/merge';

const BASE = '---\nnotion_id: abc\n---\n# Title\n\nFirst paragraph.\n\nMiddle paragraph.\n\nLast paragraph.\n';

describe('engine/merge: three-way merge against the stored base', () => {
  it('merges edits to different lines', () => {
    const local = BASE.replace('Last paragraph.', 'Last paragraph, edited here.');
    const remote = BASE.replace('First paragraph.', 'First paragraph, edited in Notion.');
    const r = mergeThreeWay(BASE, local, remote);
    assert.equal(r.clean, true);
    assert.equal(r.text, BASE.replace('Last paragraph.', 'Last paragraph, edited here.').replace('First paragraph.', 'First paragraph, edited in Notion.'));
  });

  it('conflicts on the same line', () => {
    const r = mergeThreeWay(BASE, BASE.replace('Middle', 'Local'), BASE.replace('Middle', 'Remote'));
    assert.equal(r.clean, false);
  });

  it('merges a CRLF file (a Windows editor) with Notion’s LF text, and keeps the file’s CRLF', () => {
    const local = BASE.replace('Last paragraph.', 'Last paragraph, edited here.').replace(/\n/g, '\r\n');
    const remote = BASE.replace('First paragraph.', 'First paragraph, edited in Notion.');
    const r = mergeThreeWay(BASE, local, remote);
    assert.equal(r.clean, true, r.text);
    assert.match(r.text, /edited here/);
    assert.match(r.text, /edited in Notion/);
    assert.equal(r.text.replace(/\r\n/g, '').includes('\n'), false, 'every line ends in CRLF');
  });

  it('merges when the base itself was stored with CRLF', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const r = mergeThreeWay(crlf(BASE), crlf(BASE.replace('Last', 'Final')), BASE.replace('First', 'Opening'));
    assert.equal(r.clean, true, r.text);
    assert.equal(r.text, crlf(BASE.replace('Last', 'Final').replace('First', 'Opening')));
  });

  it('keeps an LF file LF', () => {
    const r = mergeThreeWay(BASE, BASE.replace('Last', 'Final'), BASE.replace(/\n/g, '\r\n').replace('First', 'Opening'));
    assert.equal(r.clean, true, r.text);
    assert.equal(r.text.includes('\r'), false);
  });
});
