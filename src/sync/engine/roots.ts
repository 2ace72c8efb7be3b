// The configured roots, resolved once per run to ids and kinds.
import { sameId } from '../notion/ids';
import type { ResolvedRoot } from '../notion/types';

export class RootSet {
  constructor(readonly roots: readonly ResolvedRoot[]) {}

  isRoot(id: string): boolean {
    return this.roots.some((r) => sameId(r.id, id));
  }

  /** The root id when `id` is itself a root. */
  rootOf(id: string): string | null {
    return this.roots.find((r) => sameId(r.id, id))?.id ?? null;
  }
}
