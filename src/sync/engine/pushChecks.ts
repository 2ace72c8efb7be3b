// Problems entries for synced files in bidirectional mode: what the next push
// would change or leave out in Notion (heading levels 5-6, raw HTML, links and
// images that lead nowhere in Notion), said before anything is sent.
import type { Diagnostic } from '../documents/diagnostics';
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import { notionLimits } from '../markdown';
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
    for (const f of notionLimits(doc.body, pageLinks(ctx.store, rel))) {
      out.push({ path: rel, line: f.line === undefined ? undefined : f.line + offset, severity: 'warning', message: `Notion: ${f.message}`, code: 'notion-limit' });
    }
  }
  return out;
}
