// From VS Code's notionSync.* configuration (and the folder's notion-sync.json,
// which the CLI reads and remembers roots in) to the engine's SyncSettings, and
// the edits Add Root / Remove Root make to the roots list. Pure: the
// configuration is read through functions, so tests need no VS Code.
import { normaliseId, parseNotionId, sameId } from '../sync/notion/ids';
import { normaliseSettings, SettingsError, WORKSPACE_CONFIG_FILE, type SyncSettings } from '../sync/settings';

export type ConfigGet = (key: string) => unknown;

const SIMPLE_KEYS = ['mode', 'roots', 'folder', 'include', 'exclude', 'pollIntervalSeconds', 'deleteThreshold', 'apiBaseUrl', 'requestsPerMinute', 'downloadExternalMedia'] as const;

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

/** VS Code's configuration of one folder: values, and whether a person set a key (any scope) or it is the default. */
export interface ConfigSource {
  get: ConfigGet;
  isSet(key: string): boolean;
}

/**
 * The folder's settings when both VS Code and the CLI's notion-sync.json speak:
 * a key set in VS Code wins, the file fills every key VS Code leaves at its
 * default, and the roots are both lists together, so the extension syncs what
 * `notion-sync pull --root X` remembered and the two never disagree on roots.
 * `file` is the parsed notion-sync.json ({} without one); throws SettingsError
 * naming the file or the `notionSync.*` key at fault.
 */
export function settingsFromSources(vs: ConfigSource, file: Record<string, unknown>): SyncSettings {
  const fromFile = normaliseSettings(file, WORKSPACE_CONFIG_FILE);
  const get: ConfigGet = (key) => {
    const [head, sub] = key.split('.') as [keyof SyncSettings, string | undefined];
    const inFile = sub ? (file[head] as Record<string, unknown> | undefined)?.[sub] !== undefined : file[head] !== undefined;
    if (key === 'roots' || vs.isSet(key) || !inFile) return vs.get(key);
    return sub ? (fromFile[head] as unknown as Record<string, unknown>)[sub] : fromFile[head];
  };
  const settings = settingsFromConfig(get);
  for (const r of fromFile.roots) {
    if (!parseNotionId(r)) throw new SettingsError(`${WORKSPACE_CONFIG_FILE}: "${r.slice(0, 200)}" in "roots" is not a Notion page or database id or URL`);
    settings.roots = withRoot(settings.roots, r).roots;
  }
  return settings;
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
