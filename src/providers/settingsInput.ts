// From VS Code's notionSync.* configuration to the engine's SyncSettings, and the
// edits Add Root / Remove Root make to the roots list. Pure: the configuration
// is read through a `get(key)` function, so tests need no VS Code.
import { normaliseId, parseNotionId, sameId } from '../sync/notion/ids';
import { normaliseSettings, type SyncSettings } from '../sync/settings';

export type ConfigGet = (key: string) => unknown;

const SIMPLE_KEYS = ['mode', 'roots', 'folder', 'include', 'exclude', 'pollIntervalSeconds', 'deleteThreshold', 'apiBaseUrl', 'requestsPerMinute'] as const;

/** Throws SettingsError naming the `notionSync.*` key at fault. */
export function settingsFromConfig(get: ConfigGet): SyncSettings {
  const input: Record<string, unknown> = {};
  for (const key of SIMPLE_KEYS) {
    const v = get(key);
    if (v !== undefined && v !== null) input[key] = v;
  }
  input.webhook = { enabled: get('webhook.enabled'), host: get('webhook.host'), port: get('webhook.port') };
  const webhook = input.webhook as Record<string, unknown>;
  for (const k of Object.keys(webhook)) if (webhook[k] === undefined || webhook[k] === null) delete webhook[k];
  return normaliseSettings(input, 'notionSync settings');
}

/** Roots with `idOrUrl` added, unless the same Notion id is already there. */
export function withRoot(roots: readonly string[], idOrUrl: string): { roots: string[]; added: boolean } {
  const id = parseNotionId(idOrUrl);
  if (!id) throw new Error(`"${idOrUrl}" is not a Notion page or database id or URL`);
  if (roots.some((r) => parseNotionId(r) !== null && sameId(parseNotionId(r) as string, id))) return { roots: [...roots], added: false };
  return { roots: [...roots, normaliseId(idOrUrl)], added: true };
}

/** Roots without any entry naming the same Notion id as `idOrUrl`. */
export function withoutRoot(roots: readonly string[], idOrUrl: string): string[] {
  const id = parseNotionId(idOrUrl);
  return roots.filter((r) => {
    const rid = parseNotionId(r);
    return id === null ? r !== idOrUrl : rid === null || !sameId(rid, id);
  });
}
