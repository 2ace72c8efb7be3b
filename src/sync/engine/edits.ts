// Turns a local body edit into targeted `update_content` edits (old → new text
// that occurs exactly once in Notion's current markdown), so a push changes only
// what changed and the untouched blocks keep their ids, comments and links.
// Returns null when no safe targeted form exists; the caller then replaces the body.
import { diffLines } from 'diff';

export interface TextEdit {
  oldStr: string;
  newStr: string;
}

function occurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
  return n;
}

export function computeEdits(base: string, local: string, remote: string): TextEdit[] | null {
  if (base === local) return [];
  const parts = diffLines(base, local);
  const edits: TextEdit[] = [];
  // Notion applies the edits one after another: each must be unique in the
  // text as the previous edits left it, so uniqueness is checked on a copy.
  let current = remote;
  const push = (edit: TextEdit) => {
    edits.push(edit);
    current = current.replace(edit.oldStr, () => edit.newStr);
  };
  let previous = ''; // the unchanged text just before the current change
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      previous = part.value;
      continue;
    }
    let removed = '';
    let added = '';
    while (i < parts.length && (parts[i].added || parts[i].removed)) {
      if (parts[i].removed) removed += parts[i].value;
      else added += parts[i].value;
      i++;
    }
    i--;
    if (removed !== '') {
      // Grow the old text with the preceding lines until it is unique in Notion's markdown.
      let context = '';
      const before = previous.split(/(?<=\n)/);
      let oldStr = removed;
      while (occurrences(current, oldStr) !== 1 && before.length) {
        context = before.pop()! + context;
        oldStr = context + removed;
      }
      if (occurrences(current, oldStr) !== 1) return null;
      push({ oldStr, newStr: context + added });
    } else {
      // A pure insertion: anchor it on the preceding lines (or, at the top, the following ones).
      const before = previous.split(/(?<=\n)/);
      let anchor = '';
      while (before.length && occurrences(current, anchor) !== 1) anchor = before.pop()! + anchor;
      if (anchor !== '' && occurrences(current, anchor) === 1) {
        push({ oldStr: anchor, newStr: anchor + added });
      } else {
        const next = parts[i + 1];
        const following = next && !next.added && !next.removed ? next.value.split(/(?<=\n)/) : [];
        let after = '';
        while (following.length && occurrences(current, after) !== 1) after += following.shift()!;
        if (after === '' || occurrences(current, after) !== 1) return null;
        push({ oldStr: after, newStr: added + after });
      }
    }
  }
  // The edits must rebuild the local text exactly, or the push would corrupt it.
  return current === local || remote !== base ? edits : null;
}
