// `notion-sync roots` and the note a pull prints when it remembers a --root, --mode or --folder.
import path from 'node:path';
import type { CliOptions } from './args';
import { forgetRoots, listRememberedRoots, rememberFlags, rememberRoots, type RootsUpdate } from '../sync/workspaceRoots';

type Print = (line: string) => void;

/** Lists, adds or removes the roots notion-sync.json holds. No token needed: nothing asks Notion. */
export async function runRoots(opts: CliOptions, out: Print): Promise<number> {
  if (opts.rootsAction === 'add' || opts.rootsAction === 'remove') {
    const update = opts.rootsAction === 'add' ? await rememberRoots(opts.workspace, opts.targets) : await forgetRoots(opts.workspace, opts.targets);
    if (opts.json) {
      out(JSON.stringify(update, null, 2));
      return 0;
    }
    const file = path.relative(opts.workspace, update.file);
    const verb = opts.rootsAction === 'add' ? 'added' : 'removed';
    for (const id of update.changed) out(`${verb} ${id} ${opts.rootsAction === 'add' ? 'to' : 'from'} ${file}`);
    for (const id of update.unchanged) out(`${id} ${opts.rootsAction === 'add' ? 'was already' : 'was not'} in ${file}`);
    if (opts.rootsAction === 'remove' && update.changed.length) out('files already pulled from removed roots stay where they are');
    printList(update.roots, out);
    return 0;
  }
  const roots = await listRememberedRoots(opts.workspace);
  if (opts.json) out(JSON.stringify({ roots }, null, 2));
  else printList(roots, out);
  return 0;
}

function printList(roots: string[], out: Print): void {
  if (roots.length === 0) out('no roots remembered: notion-sync roots add <page or database id or URL>, or notion-sync pull --root …');
  else out(`roots (${roots.length}): ${roots.join(', ')}`);
}

/** After a pull with --root: records the roots so later commands need no flag, and says so. */
export async function rememberPulledRoots(opts: CliOptions, say: Print): Promise<RootsUpdate | undefined> {
  if (opts.roots.length === 0 || opts.noSave || opts.dryRun) return undefined;
  const update = await rememberRoots(opts.workspace, opts.roots);
  const file = path.relative(opts.workspace, update.file) || update.file;
  if (update.changed.length) {
    say(`remembered root ${update.changed.join(', ')} in ${file}: later commands run without --root (pass --no-save to opt out; notion-sync roots remove … to forget)`);
  }
  return update;
}

/** After a pull or sync with --mode or --folder: records them (a later run without them would sync the other way or move every file). */
export async function rememberPulledFlags(opts: CliOptions, say: Print): Promise<void> {
  if ((!opts.mode && !opts.folder) || opts.noSave || opts.dryRun) return;
  const { file, changed } = await rememberFlags(opts.workspace, { mode: opts.mode, folder: opts.folder });
  if (changed.length === 0) return;
  const what = changed.map((k) => `${k} ${k === 'mode' ? opts.mode : JSON.stringify(opts.folder)}`).join(' and ');
  say(`remembered ${what} in ${path.relative(opts.workspace, file) || file}: later commands use ${changed.length > 1 ? 'them' : 'it'} without the flag (pass --no-save to opt out)`);
}
