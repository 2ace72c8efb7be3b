// The roots a workspace remembers in notion-sync.json, so that `notion-sync sync`
// or `webhook` run without repeating `--root`; and the mode and folder a run was
// given, since a later run without them would otherwise sync the other way or
// move the whole tree into the default folder. Other keys of the file are kept
// as they are; the file is replaced atomically.
import path from 'node:path';
import { writeFileAtomic } from './atomicFile';
import { parseNotionId, sameId } from './notion/ids';
import { normaliseSettings, readWorkspaceConfig, SettingsError, WORKSPACE_CONFIG_FILE } from './settings';

export interface RootsUpdate {
  /** The config file that was (or would have been) written. */
  file: string;
  /** The roots the file holds afterwards. */
  roots: string[];
  /** What this call added or removed (dashed ids). */
  changed: string[];
  /** Requested roots that were already there (add) or absent (remove). */
  unchanged: string[];
}

/** The dashed id of a root given as an id or URL; SettingsError naming the input otherwise. */
export function rootId(input: string): string {
  const id = parseNotionId(input);
  if (!id) throw new SettingsError(`"${input.slice(0, 200)}" is not a Notion page or database id or URL`);
  return id;
}

/** The roots notion-sync.json lists (validated), or [] when there is no file. */
export async function listRememberedRoots(workspace: string): Promise<string[]> {
  const file = await readWorkspaceConfig(workspace);
  return normaliseSettings(file, WORKSPACE_CONFIG_FILE).roots;
}

/** Adds roots to notion-sync.json (creating it when absent); already listed ones are left alone. */
export async function rememberRoots(workspace: string, inputs: readonly string[]): Promise<RootsUpdate> {
  const wanted = inputs.map(rootId);
  return updateRoots(workspace, (current) => {
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const id of wanted) {
      if (current.some((r) => matches(r, id)) || changed.includes(id)) unchanged.push(id);
      else changed.push(id);
    }
    return { roots: [...current, ...changed], changed, unchanged };
  });
}

/** Removes roots from notion-sync.json; the files already pulled stay where they are. */
export async function forgetRoots(workspace: string, inputs: readonly string[]): Promise<RootsUpdate> {
  const unwanted = inputs.map(rootId);
  return updateRoots(workspace, (current) => {
    const changed = unwanted.filter((id) => current.some((r) => matches(r, id)));
    const unchanged = unwanted.filter((id) => !changed.includes(id));
    return { roots: current.filter((r) => !unwanted.some((id) => matches(r, id))), changed, unchanged };
  });
}

/** A listed root (id or URL, as a person may have typed it) against a dashed id. */
function matches(listed: string, id: string): boolean {
  const parsed = parseNotionId(listed);
  return parsed !== null && sameId(parsed, id);
}

/** What a run was told on its command line that later runs must keep. */
export interface RunFlags {
  mode?: 'publish' | 'bidirectional';
  folder?: string;
}

/** Records `mode` and `folder` in notion-sync.json where they differ from what it says; returns the keys written. */
export async function rememberFlags(workspace: string, flags: RunFlags): Promise<{ file: string; changed: Array<keyof RunFlags> }> {
  const file = path.join(workspace, WORKSPACE_CONFIG_FILE);
  const raw = await readWorkspaceConfig(workspace);
  const now = normaliseSettings(raw, WORKSPACE_CONFIG_FILE);
  const wanted = normaliseSettings({ ...raw, ...flags }, WORKSPACE_CONFIG_FILE);
  const changed = (['mode', 'folder'] as const).filter((k) => flags[k] !== undefined && wanted[k] !== now[k]);
  if (changed.length) {
    const next: Record<string, unknown> = { ...raw };
    for (const k of changed) next[k] = wanted[k];
    await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
  }
  return { file, changed };
}

type RootsEdit = (current: string[]) => { roots: string[]; changed: string[]; unchanged: string[] };

async function updateRoots(workspace: string, edit: RootsEdit): Promise<RootsUpdate> {
  const file = path.join(workspace, WORKSPACE_CONFIG_FILE);
  // readWorkspaceConfig validates the whole file: a broken file is reported, never overwritten.
  const raw = await readWorkspaceConfig(workspace);
  const current = normaliseSettings(raw, WORKSPACE_CONFIG_FILE).roots;
  const result = edit(current);
  if (result.changed.length) {
    await writeFileAtomic(file, `${JSON.stringify({ ...raw, roots: result.roots }, null, 2)}\n`);
  }
  return { file, ...result };
}
