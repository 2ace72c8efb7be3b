// Links between synced pages as relative links in the files, and back: the
// file at `filePath` links to another synced page by the path from its own
// folder; a relative link in it leads back to that page's id.
import path from 'node:path';
import type { FileLinkResolver, FileLinks } from '../markdown';
import type { StateStore } from '../store/stateStore';

function encodePath(rel: string): string {
  return encodeURI(rel).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

export function pageLinks(store: StateStore, filePath: string): FileLinks & FileLinkResolver {
  const dir = path.posix.dirname(filePath);
  return {
    pathFor(notionId) {
      const map = store.getMapByNotionId(notionId);
      if (!map || map.state === 'trashed' || map.path === '') return null;
      return encodePath(path.posix.relative(dir, map.path) || path.posix.basename(map.path));
    },
    idFor(target) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) return null;
      let decoded: string;
      try {
        decoded = decodeURI(target.split('#')[0] ?? '');
      } catch {
        return null;
      }
      const map = store.getMapByPath(path.posix.normalize(path.posix.join(dir, decoded)));
      return map && map.state !== 'trashed' ? map.notionId : null;
    },
  };
}
