// Search indexing lag: Notion indexes edits asynchronously, so search can show
// a page as it was before its latest edits. The index remembers when each page
// was edited; with the `searchLagMs` knob, an edit becomes visible to search
// only that long after it happened (a page created within the lag is not found).
import type { PageRec } from './model';
import type { Workspace } from './workspace';

/** Edit times kept per page: enough to answer for any lag between two polls. */
const HISTORY = 32;

export class SearchIndex {
  private readonly edits = new Map<string, number[]>();

  constructor(private readonly ws: Workspace) {
    ws.onChange((e) => {
      if (e.entity.type !== 'page') return;
      const list = this.edits.get(e.entity.id) ?? [];
      list.push(e.at);
      if (list.length > HISTORY) list.splice(0, list.length - HISTORY);
      this.edits.set(e.entity.id, list);
    });
  }

  /**
   * The edit time search knows for a page at `now`, or undefined when search does
   * not know the page yet. Without lag it is the page's own edit time.
   */
  indexedEditTime(page: PageRec, now: number): number | undefined {
    const lag = this.ws.knobs.searchLagMs;
    if (lag <= 0) return page.lastEditedTime;
    const horizon = now - lag;
    if (page.createdTime > horizon) return undefined;
    const seen = (this.edits.get(page.id) ?? []).filter((t) => t <= horizon);
    // Edits before the index kept a history (the seed) are long indexed.
    return seen.length ? seen[seen.length - 1] : Math.min(page.lastEditedTime, page.createdTime);
  }
}
