// Which top-level blocks of a page survive a markdown replacement: those whose
// markdown did not change, matched in order (common prefix and suffix, then a
// longest common subsequence over the middle), so their ids survive as in Notion.
import type { BlockInput } from './model';

/** New item index → id of the unchanged old block it keeps. */
export function matchUnchanged(oldChunks: Array<{ id: string; text: string }>, items: Array<{ input: BlockInput; source: string }>): Map<number, string> {
  const n = oldChunks.length;
  const m = items.length;
  const keepOld = new Map<number, string>(); // new index → kept old id
  // Common prefix and suffix first; an LCS only over the (usually small) middle.
  let pre = 0;
  while (pre < n && pre < m && oldChunks[pre].text === items[pre].source) {
    keepOld.set(pre, oldChunks[pre].id);
    pre++;
  }
  let suf = 0;
  while (suf < n - pre && suf < m - pre && oldChunks[n - 1 - suf].text === items[m - 1 - suf].source) {
    keepOld.set(m - 1 - suf, oldChunks[n - 1 - suf].id);
    suf++;
  }
  const on = n - pre - suf;
  const nm = m - pre - suf;
  if (on > 0 && nm > 0 && on * nm <= 4_000_000) {
    const lcs: number[][] = Array.from({ length: on + 1 }, () => new Array<number>(nm + 1).fill(0));
    const same = (i: number, j: number) => oldChunks[pre + i].text === items[pre + j].source;
    for (let i = on - 1; i >= 0; i--) {
      for (let j = nm - 1; j >= 0; j--) lcs[i][j] = same(i, j) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    for (let i = 0, j = 0; i < on && j < nm; ) {
      if (same(i, j)) {
        keepOld.set(pre + j, oldChunks[pre + i].id);
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
      else j++;
    }
  }
  return keepOld;
}
