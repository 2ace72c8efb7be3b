// Pages the user unlinked from their files: never pulled or adopted again
// until linked anew, though they stay under a synced root in Notion.
import type { StateStore } from '../store/stateStore';

export const UNLINKED_KEY = 'documents.unlinked';

export function unlinkedIds(store: StateStore): string[] {
  return store.getConfig<string[]>(UNLINKED_KEY) ?? [];
}
