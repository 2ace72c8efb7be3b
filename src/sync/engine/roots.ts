// The configured roots, resolved once per run to ids and kinds.
import { parseNotionId, sameId } from '../notion/ids';
import type { ResolvedRoot } from '../notion/types';
import { SettingsError } from '../settings';
import type { JsonObject } from '../store/types';
import type { EngineContext } from './context';

/** Config key of the roots resolved so far (input as configured → what Notion said it is). */
export const ROOTS_KEY = 'roots.resolved';

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

/** Resolves configured roots (ids or URLs); each is asked of Notion once and cached, so incremental pulls stay cheap. */
export async function resolveRoots(ctx: EngineContext, signal?: AbortSignal): Promise<RootSet> {
  const wanted = ctx.settings.roots;
  if (wanted.length === 0) {
    throw new SettingsError('no roots configured: add a Notion page or database (setting notionSync.roots, or --root ID_OR_URL)');
  }
  const cache = ctx.store.getConfig<Record<string, ResolvedRoot>>(ROOTS_KEY) ?? {};
  const resolved: ResolvedRoot[] = [];
  let dirty = false;
  for (const input of wanted) {
    if (!parseNotionId(input)) throw new SettingsError(`root "${input}" is not a Notion id or URL`);
    let root = cache[input];
    if (!root) {
      root = await ctx.gateway.resolveRoot(input, signal);
      cache[input] = root;
      dirty = true;
    }
    resolved.push(root);
  }
  if (dirty) ctx.store.setConfig(ROOTS_KEY, cache as unknown as JsonObject);
  return new RootSet(resolved);
}
