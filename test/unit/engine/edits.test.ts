import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeEdits, type TextEdit } from '../../../src/sync/engine/edits';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of edits) {
    assert.equal(out.split(e.oldStr).length - 1, 1, `"${e.oldStr}" must occur once`);
    out = out.replace(e.oldStr, () => e.newStr);
  }
  return out;
}

describe('computeEdits', () => {
  const base = '# Title\n\nFirst paragraph.\n\n- a\n- b\n\nLast line.\n';

  it('changes one line with a one-line edit', () => {
    const local = base.replace('First paragraph.', 'First paragraph, edited.');
    const edits = computeEdits(base, local, base)!;
    assert.deepEqual(edits, [{ oldStr: 'First paragraph.\n', newStr: 'First paragraph, edited.\n' }]);
    assert.equal(apply(base, edits), local);
  });

  it('anchors an insertion on the line before it', () => {
    const local = base.replace('- b\n', '- b\n- c\n');
    const edits = computeEdits(base, local, base)!;
    assert.equal(edits.length, 1);
    assert.equal(apply(base, edits), local);
  });

  it('grows the context until the old text is unique', () => {
    const b = 'x\n\nsame\n\ny\n\nsame\n';
    const local = 'x\n\nsame\n\ny\n\nother\n';
    const edits = computeEdits(b, local, b)!;
    assert.equal(apply(b, edits), local);
  });

  it('returns [] for no change and null when the remote text does not contain the base', () => {
    assert.deepEqual(computeEdits(base, base, base), []);
    assert.equal(computeEdits(base, base.replace('Last line.', 'End.'), 'something else entirely\n'), null);
  });

  it('applied to the base, the edits always give the local text (or it says it cannot)', () => {
    const line = fc.constantFrom('alpha', 'beta', 'gamma', '- item', '', '# head', 'alpha');
    const doc = fc.array(line, { maxLength: 12 }).map((l) => (l.length ? `${l.join('\n')}\n` : ''));
    fc.assert(
      fc.property(doc, doc, (b, l) => {
        const edits = computeEdits(b, l, b);
        if (edits === null) return true;
        return apply(b, edits) === l;
      }),
      { numRuns: 2000 },
    );
  });
});
