// Problems entries for media Notion hosts that have no local copy yet: their
// first download failed. The file links them where the copy will be (the only
// link that never expires and needs no rewrite when the retry succeeds), so
// until then the link leads nowhere; the entry says why, on its line.
import path from 'node:path';
import type { Diagnostic } from '../documents/diagnostics';
import { readWorkspaceText } from '../documents/workspaceFs';
import type { EngineContext } from './context';
import { statMedia } from './mediaFiles';
import { relativeLink } from './pageLinks';

export async function missingMediaDiagnostics(ctx: EngineContext): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const row of ctx.store.listMedia()) {
    if (row.state !== 'error' || (await statMedia(ctx, row.localPath))) continue;
    const map = ctx.store.getMapByNotionId(row.pageNotionId);
    if (!map || map.state === 'trashed') continue;
    const text = await readWorkspaceText(ctx.workspace, map.path).catch(() => null);
    const link = `(${relativeLink(map.path, row.localPath)}`;
    const line = text === null ? 0 : text.split('\n').findIndex((l) => l.includes(link)) + 1;
    const message = `${path.posix.basename(row.localPath)} is not downloaded yet (${row.lastError ?? 'download failed'}); the link works once a retry fetches it`;
    out.push({ path: map.path, ...(line > 0 ? { line } : {}), severity: 'warning', message, code: 'media-missing' });
  }
  return out;
}
