// Three-way merge of a document against its stored base (bidirectional mode):
// edits to different lines merge; overlapping edits are a conflict.

interface Diff3Region {
  ok?: string[];
  conflict?: { a: string[]; o: string[]; b: string[] };
}
// node-diff3 is an ES module whose package also ships a CommonJS build; its
// types are ESM-only, so the CJS build is required with its shape spelled out.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diff3Merge } = require('node-diff3') as {
  diff3Merge(a: string[], o: string[], b: string[], options?: { excludeFalseConflicts?: boolean }): Diff3Region[];
};

export interface MergeResult {
  clean: boolean;
  text: string;
}

/**
 * Line endings are not content: a file saved with CRLF (a Windows editor, git's
 * autocrlf) would otherwise differ from the base on every line and always
 * conflict. The three texts are merged with LF, and the result takes the local
 * file's line ending, so the user's file keeps its style.
 */
export function mergeThreeWay(base: string, local: string, remote: string): MergeResult {
  const eol = local.includes('\r\n') ? '\r\n' : '\n';
  const split = (s: string) => s.replace(/\r\n?/g, '\n').split('\n');
  const regions = diff3Merge(split(local), split(base), split(remote), { excludeFalseConflicts: true });
  const out: string[] = [];
  let clean = true;
  for (const region of regions) {
    if (region.ok) out.push(...region.ok);
    else {
      clean = false;
      const c = region.conflict;
      out.push('<<<<<<< local', ...(c?.a ?? []), '=======', ...(c?.b ?? []), '>>>>>>> notion');
    }
  }
  return { clean, text: out.join(eol) };
}
