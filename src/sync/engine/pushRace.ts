// Did a colleague's edit land in Notion between our read of the page and our
// `update_content` edit? Notion applies each old_str wherever it still matches,
// so an edit elsewhere on the page survives ours, and Notion's answer holds it.
// Taken for the base, it would be in the base but not in the file: the next pull
// would not bring it in, and the next push would remove it as if deleted here.
//
// The check: Notion's text before, with our edits applied as Notion applies them,
// against Notion's answer, by their words. Notion re-renders what it stores
// (emphasis markers, a soft line break joined, signed URLs, v1 for a workspace
// still on it), so markup is not compared; a word more, less or changed tells
// a colleague's edit apart. A colleague's formatting-only change is not seen.
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

/**
 * A page's words, in order, from its canonical form (signatures and URL hosts
 * already taken out). Markup is left out on purpose: a workspace answering
 * enhanced markdown (v1) re-renders our v2 text in another dialect, where a
 * single newline is a block break, and Notion may re-spell emphasis or join a
 * soft break; none of that changes the words, and a colleague's edit does.
 */
function words(markdown: string): string {
  return (canonicalText(parseNotion(markdown, 'auto').root).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/**
 * The text Notion would hold with only our edits, when its answer holds more
 * (a colleague's edit got in first); null when the answer is ours alone, or
 * when our edits cannot be replayed here to tell.
 */
export function foreignEditExpected(before: string, edits: readonly SentEdit[], after: string): string | null {
  const expected = applyEdits(before, edits);
  if (expected === null || expected === after) return null;
  return words(expected) === words(after) ? null : expected;
}

/** The same check after a whole-body replace: Notion's answer should hold the text we sent and nothing more. */
export function foreignAfterReplace(sent: string, after: string): string | null {
  return sent === after || words(sent) === words(after) ? null : sent;
}
