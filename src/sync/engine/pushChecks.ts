// Problems entries for synced files in bidirectional mode: what the next push
// would change or leave out in Notion (heading levels 5-6, raw HTML, links and
// images that lead nowhere in Notion), said before anything is sent.
import type { Diagnostic } from '../documents/diagnostics';
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { notionLimits, type FileLinkResolver } from '../markdown';
import { toAbsolute } from './layout';
import type { EngineContext } from './context';
import { pageLinks } from './pageLinks';

/** Lines the frontmatter takes before the body, so findings point at the file's own lines. */
function bodyOffset(text: string, body: string): number {
  const at = text.lastIndexOf(body);
  return at <= 0 ? 0 : text.slice(0, at).split('\n').length - 1;
}

export async function notionLimitDiagnostics(ctx: EngineContext, paths: readonly string[]): Promise<Diagnostic[]> {
  if (ctx.settings.mode !== 'bidirectional') return [];
  const out: Diagnostic[] = [];
  for (const rel of paths) {
    const map = ctx.store.getMapByPath(rel);
    if (!map || map.notionType !== 'page' || map.state === 'trashed') continue;
    const text = await readWorkspaceText(ctx.workspace, rel).catch(() => null);
    const doc = text === null ? null : parseDocument(text, rel);
    if (!doc?.ok || text === null) continue;
    const offset = bodyOffset(text, doc.body);
    for (const f of notionLimits(doc.body, uploadAware(ctx, rel))) {
      out.push({ path: rel, line: f.line === undefined ? undefined : f.line + offset, severity: 'warning', message: `Notion: ${f.message}`, code: 'notion-limit' });
    }
  }
  return out;
}

/** Links of the file where a local media file that exists counts as resolved: the push uploads it (mediaPush.ts). */
function uploadAware(ctx: EngineContext, rel: string): FileLinkResolver {
  const links = pageLinks(ctx.store, rel);
  const dir = path.posix.dirname(rel);
  return {
    idFor: (t) => links.idFor(t),
    mediaUrlFor(target) {
      const known = links.mediaUrlFor(target);
      if (known || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return known;
      let at: string;
      try {
        at = path.posix.normalize(path.posix.join(dir, decodeURI(target)));
      } catch {
        return null;
      }
      return !at.startsWith('../') && existsSync(toAbsolute(ctx, at)) ? `upload:${at}` : null;
    },
  };
}
