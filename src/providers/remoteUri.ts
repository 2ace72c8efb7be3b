// Addresses of the read-only documents the diff editor shows on the Notion side:
// `notion-sync-remote:<the local file's path>?<json>`. The path keeps the file's name
// and extension (markdown highlighting, a readable tab title); the query says
// which version. Pure: the adapter builds vscode.Uri from these parts.

export type RemoteSide = 'notion' | 'base';

export type RemoteRef =
  /** A conflict's Notion version or its base (the version both sides started from). */
  | { conflictId: number; side: RemoteSide }
  /** A synced file's last pulled Notion version (its stored base snapshot). */
  | { localId: string; side: 'base' };

export function remoteQuery(ref: RemoteRef): string {
  return JSON.stringify(ref);
}

export function parseRemoteQuery(query: string): RemoteRef | undefined {
  let v: unknown;
  try {
    v = JSON.parse(query);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.conflictId === 'number' && Number.isInteger(o.conflictId) && (o.side === 'notion' || o.side === 'base')) {
    return { conflictId: o.conflictId, side: o.side };
  }
  if (typeof o.localId === 'string' && o.localId !== '' && o.side === 'base') return { localId: o.localId, side: 'base' };
  return undefined;
}
