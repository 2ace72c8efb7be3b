// Sync settings: the same keys and defaults for the extension (notionSync.*)
// and the CLI (notion-sync.json in the workspace, flags win).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export type SyncMode = 'publish' | 'bidirectional';

export interface SyncSettings {
  mode: SyncMode;
  roots: string[];
  folder: string;
  include: string[];
  exclude: string[];
  pollIntervalSeconds: number;
  deleteThreshold: number;
  webhook: { enabled: boolean; host: string; port: number };
  apiBaseUrl: string;
  /** Notion's request budget per minute for this integration (180 on most plans, 600 on Business/Enterprise). */
  requestsPerMinute: number;
  /** Also download media that Notion does not host (external URLs) into the media folders. */
  downloadExternalMedia: boolean;
}

export const DEFAULT_SETTINGS: Readonly<SyncSettings> = Object.freeze({
  mode: 'publish',
  roots: [],
  folder: 'notion',
  include: ['**/*.md'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/.notion-sync/**'],
  pollIntervalSeconds: 300,
  deleteThreshold: 10,
  webhook: { enabled: false, host: '127.0.0.1', port: 8766 },
  apiBaseUrl: 'https://api.notion.com',
  requestsPerMinute: 180,
  downloadExternalMedia: false,
});

export const WORKSPACE_CONFIG_FILE = 'notion-sync.json';

/** Where the engine keeps its own files inside the workspace. */
export const ENGINE_DIR = '.notion-sync';
export const TRASH_DIR = `${ENGINE_DIR}/trash`;
export const BACKUP_DIR = `${ENGINE_DIR}/backups`;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

type Partialish = { [K in keyof SyncSettings]?: unknown };

/** Validates and fills defaults; throws SettingsError naming the key and how to fix it. */
export function normaliseSettings(input: Partialish, source = 'settings'): SyncSettings {
  const out: SyncSettings = structuredClone(DEFAULT_SETTINGS) as SyncSettings;
  const fail = (key: string, want: string): never => {
    throw new SettingsError(`${source}: "${key}" must be ${want}`);
  };
  if (input.mode !== undefined) {
    if (input.mode !== 'publish' && input.mode !== 'bidirectional') fail('mode', '"publish" or "bidirectional"');
    out.mode = input.mode as SyncMode;
  }
  for (const key of ['roots', 'include', 'exclude'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) fail(key, 'a list of non-empty strings');
    out[key] = (v as string[]).map((s) => s.trim());
  }
  if (input.folder !== undefined) {
    if (typeof input.folder !== 'string') fail('folder', 'a workspace-relative folder name');
    out.folder = checkFolder(input.folder as string, source);
  }
  for (const key of ['pollIntervalSeconds', 'deleteThreshold'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(key, 'a number ≥ 0');
    out[key] = v as number;
  }
  if (input.webhook !== undefined) {
    const w = input.webhook as Record<string, unknown>;
    if (typeof w !== 'object' || w === null) fail('webhook', 'an object {enabled, host, port}');
    if (w.enabled !== undefined) out.webhook.enabled = w.enabled === true;
    if (w.host !== undefined) {
      if (typeof w.host !== 'string' || w.host === '') fail('webhook.host', 'a host name or address');
      out.webhook.host = w.host as string;
    }
    if (w.port !== undefined) {
      if (typeof w.port !== 'number' || !Number.isInteger(w.port) || w.port < 0 || w.port > 65535) fail('webhook.port', 'a port number 0–65535');
      out.webhook.port = w.port as number;
    }
  }
  if (input.requestsPerMinute !== undefined) {
    const v = input.requestsPerMinute;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail('requestsPerMinute', 'a whole number ≥ 1 (Notion grants 180, or 600 on Business and Enterprise)');
    out.requestsPerMinute = v as number;
  }
  if (input.downloadExternalMedia !== undefined) {
    if (typeof input.downloadExternalMedia !== 'boolean') fail('downloadExternalMedia', 'true or false');
    out.downloadExternalMedia = input.downloadExternalMedia as boolean;
  }
  if (input.apiBaseUrl !== undefined) {
    if (typeof input.apiBaseUrl !== 'string' || !/^https?:\/\//.test(input.apiBaseUrl)) fail('apiBaseUrl', 'an http(s) URL');
    out.apiBaseUrl = (input.apiBaseUrl as string).replace(/\/+$/, '');
  }
  return out;
}

// Folders the engine must never write pages into: git's own files, the engine's
// state and secrets, and folders the scan never enters (edits there would be unseen).
const RESERVED_FOLDERS = new Set(['.git', ENGINE_DIR, 'node_modules']);

/** The sync folder as a clean workspace-relative posix path, or a SettingsError saying why not. */
function checkFolder(raw: string, source: string): string {
  const folder = raw.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const fail = (why: string): never => {
    throw new SettingsError(`${source}: "folder" must be a subfolder of the workspace, such as "notion" or "docs/notion"; "${raw}" ${why}`);
  };
  if (folder === '' || /^[A-Za-z]:/.test(folder) || path.posix.isAbsolute(folder)) fail('is not a relative path');
  if (folder.split('/').includes('..')) fail('climbs out with ".."');
  const parts = path.posix.normalize(folder).split('/');
  if (parts.length === 1 && parts[0] === '.') fail('is the workspace itself');
  const reserved = parts.find((p) => RESERVED_FOLDERS.has(p.toLowerCase()));
  if (reserved) fail(`is inside ${reserved}/, which Notion Sync never writes into`);
  return parts.join('/');
}

/** Reads notion-sync.json from the workspace; absent file → {}. Malformed → SettingsError. */
export async function readWorkspaceConfig(workspace: string): Promise<Partialish> {
  const file = path.join(workspace, WORKSPACE_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SettingsError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SettingsError(`${file} is not valid JSON (${(e as Error).message}); fix or delete it`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsError(`${file} must hold a JSON object such as {"roots": ["<page id>"], "folder": "notion"}`);
  }
  const known = new Set(Object.keys(DEFAULT_SETTINGS));
  const unknown = Object.keys(parsed).filter((k) => !known.has(k));
  if (unknown.length) throw new SettingsError(`${file}: unknown key(s) ${unknown.join(', ')}; known keys: ${[...known].join(', ')}`);
  return parsed as Partialish;
}
