// Watches the workspace for markdown changes and changes in pages' media
// folders (the CLI's long-running modes; the extension uses VS Code's own
// watcher). Events are batched: an editor's save
// is often several file-system events, and a git checkout is thousands.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  debounceMs?: number;
  /** Directory names never reported (node_modules, .git, .notion-sync). */
  skipDirs?: string[];
}

export function watchMarkdown(root: string, onChange: (relPaths: string[]) => void, opts: WatchOptions = {}): { close(): void } {
  const skip = new Set(opts.skipDirs ?? ['node_modules', '.git', '.notion-sync']);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, filename) => {
    if (!filename) return;
    const rel = filename.toString().split(path.sep).join('/');
    // A page's media folder too: new bytes under a medium's name are an edit of its page (engine/mediaEdits.ts).
    if ((!rel.endsWith('.md') && !/\.media\//.test(rel)) || rel.split('/').some((s) => skip.has(s))) return;
    pending.add(rel);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = [...pending].sort();
      pending.clear();
      onChange(batch);
    }, opts.debounceMs ?? 300);
  });
  watcher.on('error', () => undefined);
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
