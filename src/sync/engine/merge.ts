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

export function mergeThreeWay(base: string, local: string, remote: string): MergeResult {
  const split = (s: string) => s.split('\n');
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
  return { clean, text: out.join('\n') };
}
