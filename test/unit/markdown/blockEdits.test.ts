import assert from 'node:assert/strict';
import { canonicalText, fromFile, notionToFile, parseNotion, planEdits, type ContentEdit } from '../../../src/sync/markdown';

function apply(text: string, edits: ContentEdit[]): string {
  let out = text;
  for (const e of edits) {
    assert.equal(out.split(e.oldStr).length - 1, 1, `old_str must occur exactly once: ${JSON.stringify(e.oldStr)}`);
    out = out.replace(e.oldStr, () => e.newStr);
  }
  return out;
}

// Notion's exact text: no final newline, trailing spaces kept on some lines.
const REMOTE = ['# Title', 'First paragraph.  ', '- a\n- b', 'Middle paragraph.', '<page url="https://www.notion.so/Child-11111111111111111111111111111111">Child</page>', 'Last line with trailing space '].join('\n\n');

function editOf(change: (file: string) => string): { edits: ContentEdit[]; after: string; wanted: string } {
  const file = notionToFile(REMOTE, 'v2');
  const local = fromFile(change(file));
  const plan = planEdits(REMOTE, local);
  assert.equal(plan.kind, 'edits', JSON.stringify(plan));
  if (plan.kind !== 'edits') throw new Error('unreachable');
  const after = apply(REMOTE, plan.edits);
  return { edits: plan.edits, after, wanted: canonicalText(local) };
}

describe('markdown: block edits against Notion\'s exact text', () => {
  for (const [name, from, to] of [
    ['first block', '# Title', '# New title'],
    ['a line with trailing spaces', 'First paragraph.', 'First paragraph, edited.'],
    ['a middle block', 'Middle paragraph.', 'Middle, rewritten.'],
    ['the last block (no final newline, trailing space)', 'Last line with trailing space', 'Last line, edited'],
  ] as const) {
    it(`edits ${name} with one targeted update whose old_str is cut from Notion's text`, () => {
      const { edits, after, wanted } = editOf((f) => f.replace(from, to));
      assert.equal(edits.length, 1);
      assert.ok(REMOTE.includes(edits[0]!.oldStr));
      assert.ok(!edits[0]!.oldStr.includes('Child'), 'the child page is not in the edit');
      assert.equal(canonicalText(parseNotion(after, 'v2').root), wanted);
    });
  }

  it('inserts a block after an anchor and deletes one, leaving the rest untouched', () => {
    const { edits, after, wanted } = editOf((f) => f.replace('Middle paragraph.\n', 'Middle paragraph.\n\nA new paragraph.\n').replace('# Title\n\n', ''));
    assert.equal(edits.length, 2);
    assert.equal(canonicalText(parseNotion(after, 'v2').root), wanted);
    assert.ok(after.includes('First paragraph.  '), 'untouched text stays byte for byte');
  });

  it('widens old_str over neighbours when the changed block is not unique', () => {
    const remote = 'Same\n\nOne\n\nSame\n\nTwo';
    const local = fromFile(notionToFile(remote, 'v2').replace(/Same\n\nTwo/, 'Changed\n\nTwo'));
    const plan = planEdits(remote, local);
    assert.ok(plan.kind === 'edits');
    assert.equal(canonicalText(parseNotion(apply(remote, plan.edits), 'v2').root), canonicalText(local));
  });

  it('never anchors an edit on a Notion-hosted file (its URL is signed anew on every read): the next block serves', () => {
    const signed = 'https://files.example/a/pic.png?X-Amz-Signature=abc&X-Amz-Date=1';
    const remote = `Intro\n\n![Pic](${signed})\n\nOutro`;
    const local = fromFile(notionToFile(remote, 'v2').replace(/\n\nOutro/, '\n\nAdded\n\nOutro'));
    const plan = planEdits(remote, local);
    assert.ok(plan.kind === 'edits');
    assert.deepEqual(plan.edits, [{ oldStr: 'Outro', newStr: 'Added\n\nOutro' }]);
    // Between two hosted files there is no text to anchor on: refused, nothing sent.
    const two = `![A](${signed})\n\n![B](${signed.replace('pic', 'other')})`;
    assert.equal(planEdits(two, fromFile(notionToFile(two, 'v2').replace(/\n\n!\[B\]/, '\n\nBetween\n\n![B]'))).kind, 'refused');
  });

  it('refuses an edit that removes a child page', () => {
    const plan = planEdits(REMOTE, fromFile(notionToFile(REMOTE, 'v2').replace(/<!-- notion:page[^\n]*\n\[Child\]\([^)]*\)\n/, '')));
    assert.equal(plan.kind, 'refused');
  });

  it('refuses an edit that touches a protected block, before anything is sent', () => {
    const remote = 'Intro\n\n<synced-block url="https://www.notion.so/x#44444444444444444444444444444444">\nShared\n</synced-block>';
    const file = notionToFile(remote, 'v2');
    assert.ok(file.includes('```notion'));
    const plan = planEdits(remote, fromFile(file.replace('Shared', 'Shared, edited')));
    assert.equal(plan.kind, 'refused');
    const fine = planEdits(remote, fromFile(file.replace('Intro', 'Intro, edited')));
    assert.equal(fine.kind, 'edits');
  });

  describe('items of a list (each its own block in Notion)', () => {
    const items = (n: number, mark: (i: number) => string) => Array.from({ length: n }, (_, i) => `${mark(i)}item ${i + 1}`).join('\n');
    for (const [kind, mark] of [
      ['bulleted', () => '- '],
      ['numbered', (i: number) => `${i + 1}. `],
      ['to-do', (i: number) => (i % 2 ? '- [x] ' : '- [ ] ')],
    ] as const) {
      const remote = `Intro\n\n${items(20, mark)}\n\nOutro`;
      const edited = (f: string) => f.replace(/item 7$/m, 'item seven');

      it(`an edit of one ${kind} item sends that item alone`, () => {
        const local = fromFile(edited(notionToFile(remote, 'v2')));
        const plan = planEdits(remote, local);
        assert.ok(plan.kind === 'edits');
        assert.equal(plan.edits.length, 1);
        assert.equal(plan.edits[0]!.oldStr, `${mark(6)}item 7`);
        assert.equal(plan.edits[0]!.newStr, `${mark(6)}item seven`);
        assert.equal(canonicalText(parseNotion(apply(remote, plan.edits), 'v2').root), canonicalText(local));
      });
    }

    it('an item inserted, one removed and the next ticked: one edit per run of changed items, the others outside every old_str', () => {
      const remote = `- [ ] one\n- [ ] two\n- [ ] three\n- [ ] four\n- [ ] five`;
      const file = notionToFile(remote, 'v2').replace('- [ ] two\n', '- [ ] two\n- [ ] two and a half\n').replace('- [ ] four\n', '').replace('[ ] five', '[x] five');
      const local = fromFile(file);
      const plan = planEdits(remote, local);
      assert.ok(plan.kind === 'edits');
      assert.deepEqual(plan.edits.map((e) => e.oldStr), ['- [ ] two', '- [ ] four\n- [ ] five']);
      assert.equal(canonicalText(parseNotion(apply(remote, plan.edits), 'v2').root), canonicalText(local));
    });

    it('a nested item edited resends its top-level item only', () => {
      const remote = '- a\n\t- a1\n\t- a2\n- b\n- c';
      const local = fromFile(notionToFile(remote, 'v2').replace('a2', 'a2 edited'));
      const plan = planEdits(remote, local);
      assert.ok(plan.kind === 'edits');
      assert.deepEqual(plan.edits.map((e) => e.oldStr), ['- a\n\t- a1\n\t- a2']);
      assert.equal(canonicalText(parseNotion(apply(remote, plan.edits), 'v2').root), canonicalText(local));
    });

    it('an item whose text occurs twice is anchored on its neighbour', () => {
      const remote = '- x\n- same\n- y\n- same\n- z';
      const local = fromFile(notionToFile(remote, 'v2').replace(/same\n- z/, 'changed\n- z'));
      const plan = planEdits(remote, local);
      assert.ok(plan.kind === 'edits');
      assert.equal(plan.edits.length, 1);
      assert.ok(!plan.edits[0]!.oldStr.includes('- x'), JSON.stringify(plan.edits));
      assert.equal(canonicalText(parseNotion(apply(remote, plan.edits), 'v2').root), canonicalText(local));
    });
  });

  it('an edit of one child of a toggle or a callout sends that child alone', () => {
    const kids = Array.from({ length: 8 }, (_, i) => `Answer ${i + 1}.`).join('\n\n');
    for (const remote of [`<toggle>\nFAQ\n\n${kids}\n</toggle>`, `<callout icon="💡" color="gray_bg">\nRead me.\n\n${kids}\n</callout>`]) {
      const local = fromFile(notionToFile(remote, 'v2').replace('Answer 5.', 'Answer five.'));
      const plan = planEdits(remote, local);
      assert.ok(plan.kind === 'edits');
      assert.deepEqual(plan.edits, [{ oldStr: 'Answer 5.', newStr: 'Answer five.' }]);
      assert.equal(canonicalText(parseNotion(apply(remote, plan.edits), 'v2').root), canonicalText(local));
    }
    // A new title is the toggle's own block: the toggle is sent whole.
    const remote = `<toggle>\nFAQ\n\n${kids}\n</toggle>`;
    const retitled = planEdits(remote, fromFile(notionToFile(remote, 'v2').replace('FAQ', 'Questions')));
    assert.ok(retitled.kind === 'edits' && retitled.edits[0]!.oldStr === remote, JSON.stringify(retitled));
  });

  it('an unchanged file plans no edits', () => {
    const plan = planEdits(REMOTE, fromFile(notionToFile(REMOTE, 'v2')));
    assert.deepEqual(plan, { kind: 'edits', edits: [] });
  });
});
