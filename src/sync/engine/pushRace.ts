// Did a colleague's edit land in Notion between our read of the page and our
// `update_content` edit? Notion applies each old_str wherever it still matches,
// so an edit elsewhere on the page survives ours, and Notion's answer holds it.
// Taken for the base, it would be in the base but not in the file: the next pull
// would not bring it in, and the next push would remove it as if deleted here.
//
// The check: Notion's text before, with our edits applied as Notion applies them,
// against Notion's answer, by content. Loosely: Notion re-renders what it stores
// (emphasis markers, a soft line break joined, signed URLs), so the texts are
// parsed and compared in canonical form with runs of whitespace collapsed. Any
// word or block more than ours tells the edit apart.
import { canonicalText, parseNotion } from '../markdown';

export interface SentEdit {
  oldStr: string;
  newStr: string;
}

/** `before` with each edit applied in order at its one match; null when one does not match (Notion would have refused it). */
export function applyEdits(before: string, edits: readonly SentEdit[]): string | null {
  let text = before;
  for (const e of edits) {
    const at = text.indexOf(e.oldStr);
    if (at < 0 || text.indexOf(e.oldStr, at + 1) >= 0) return null;
    text = text.slice(0, at) + e.newStr + text.slice(at + e.oldStr.length);
  }
  return text;
}

/** A page's text as content only: canonical form, whitespace runs as one space. */
function looseContent(markdown: string): string {
  return canonicalText(parseNotion(markdown, 'auto').root).replace(/\s+/g, ' ').trim();
}

/**
 * The text Notion would hold with only our edits, when its answer holds more
 * (a colleague's edit got in first); null when the answer is ours alone, or
 * when our edits cannot be replayed here to tell.
 */
export function foreignEditExpected(before: string, edits: readonly SentEdit[], after: string): string | null {
  const expected = applyEdits(before, edits);
  if (expected === null || expected === after) return null;
  return looseContent(expected) === looseContent(after) ? null : expected;
}
