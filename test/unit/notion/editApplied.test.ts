// After an ambiguous failure of a targeted markdown edit, the gateway looks at
// the page to tell whether Notion applied it (recovery.ts): a wrong "not
// applied" sends the edit again (a paragraph twice in Notion), a wrong
// "applied" drops it.
import assert from 'node:assert/strict';
import { editApplied } from '../../../src/sync/notion/recovery';

describe('notion: was a markdown edit applied?', () => {
  it('a replacement: applied once the old text is gone and the new one is there', () => {
    const e = { oldStr: 'Stand-up at ten.', newStr: 'Stand-up at nine.' };
    assert.equal(editApplied('# Rituals\n\nStand-up at ten.', e), false);
    assert.equal(editApplied('# Rituals\n\nStand-up at nine.', e), true);
  });

  it('a paragraph appended after the old text: the old text inside the new one does not count', () => {
    const e = { oldStr: 'Then run `npm start`.', newStr: 'Then run `npm start`.\n\nAppended.' };
    assert.equal(editApplied('Clone it.\nThen run `npm start`.', e), false);
    assert.equal(editApplied('Clone it.\nThen run `npm start`.\n\nAppended.', e), true);
  });

  it('a paragraph removed after the old text: the new text inside the old one does not count', () => {
    const e = { oldStr: 'Keep this.\n\nDrop this.', newStr: 'Keep this.' };
    assert.equal(editApplied('Keep this.\n\nDrop this.', e), false);
    assert.equal(editApplied('Keep this.', e), true);
  });

  it('an insertion into an empty page', () => {
    assert.equal(editApplied('', { oldStr: '', newStr: 'First words.' }), false);
    assert.equal(editApplied('First words.', { oldStr: '', newStr: 'First words.' }), true);
  });
});
