// A colleague's edit that got into Notion just before our update_content edit
// is told apart from Notion's re-rendering of our own text (pushRace.ts).
import assert from 'node:assert/strict';
import { applyEdits, foreignAfterReplace, foreignEditExpected } from '../../../src/sync/engine/pushRace';

const BEFORE = 'Intro paragraph.\n\nInstall Node 20 and clone the repository:\n\n- one\n- two\n\nClosing words.';
const EDITS = [{ oldStr: 'Install Node 20 and clone', newStr: 'Install Node 22 and clone' }];
const OURS = 'Intro paragraph.\n\nInstall Node 22 and clone the repository:\n\n- one\n- two\n\nClosing words.';

describe('push race: a colleague\'s edit around ours', () => {
  it('replays edits as Notion applies them: in order, each at its one match', () => {
    assert.equal(applyEdits(BEFORE, EDITS), OURS);
    assert.equal(applyEdits('a b a', [{ oldStr: 'a', newStr: 'c' }]), null, 'an old_str matching twice is refused by Notion');
    assert.equal(applyEdits(BEFORE, [{ oldStr: 'missing', newStr: 'x' }]), null);
    assert.equal(applyEdits('x y', [{ oldStr: 'x', newStr: 'z' }, { oldStr: 'z y', newStr: 'done' }]), 'done', 'a later edit sees the earlier one');
  });

  it('Notion answering with our edits alone is no race, however it spells them', () => {
    assert.equal(foreignEditExpected(BEFORE, EDITS, OURS), null);
    // A soft line break joined, trailing spaces, blank lines, emphasis re-spelled, list markers.
    const respelled = foreignEditExpected(
      'Intro.\n\nOld words.',
      [{ oldStr: 'Old words.', newStr: 'New _words_\nwrapped here.' }],
      'Intro.  \n\n\n\nNew *words* wrapped here.',
    );
    assert.equal(respelled, null);
    // A workspace still answering enhanced markdown (v1): one newline between blocks, and a trailing hard break.
    assert.equal(foreignEditExpected('Then run it.  \n\nOld.', [{ oldStr: 'Old.', newStr: 'Some _text_\nwrapped.' }], 'Then run it.  \nSome *text*\nwrapped.'), null);
    const signed = 'See ![d](https://files.example/x.png?X-Amz-Signature=1&X-Amz-Date=2).\n\nOld.';
    assert.equal(foreignEditExpected(signed, [{ oldStr: 'Old.', newStr: 'New.' }], signed.replace('Signature=1', 'Signature=9').replace('Old.', 'New.')), null);
  });

  it('a colleague\'s paragraph, word or list item beside ours is a race: the text our edits alone leave is returned', () => {
    assert.equal(foreignEditExpected(BEFORE, EDITS, `${OURS}\n\nA colleague's paragraph.`), OURS);
    assert.equal(foreignEditExpected(BEFORE, EDITS, OURS.replace('Closing words.', 'Closing remarks.')), OURS);
    assert.equal(foreignEditExpected(BEFORE, EDITS, OURS.replace('- two', '- two\n- three')), OURS);
    assert.equal(foreignEditExpected(BEFORE, EDITS, OURS.replace('Install Node 22', 'Install Node 22 (LTS)')), OURS, 'even inside the block we edited');
  });

  it('after a whole-body replace: our text alone, however spelled, is no race; more is', () => {
    assert.equal(foreignAfterReplace('A _b_\nc.', 'A *b* c.'), null);
    assert.equal(foreignAfterReplace('A b.', 'A b.\n\nA colleague was quicker.'), 'A b.');
  });

  it('edits that cannot be replayed here say nothing (the read-back check still runs)', () => {
    assert.equal(foreignEditExpected(BEFORE, [{ oldStr: 'nowhere', newStr: 'x' }], 'anything'), null);
  });
});
