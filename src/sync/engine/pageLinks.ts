// Links between synced pages as relative links in the files, and back: the
// file at `filePath` links to another synced page by the path from its own
// folder; a relative link in it leads back to that page's id. Media work the
// same way: a Notion file with a local copy is linked by the copy's relative
// path, and that path leads back to the Notion file.
import path from 'node:path';
import type { FileLinkResolver, FileLinks } from '../markdown';
import { stripSignature } from '../markdown';
import type { StateStore } from '../store/stateStore';
import { isSigned } from './media';

export function encodePath(rel: string): string {
  return encodeURI(rel).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** The link from the file at `fromFile` to `toPath`, as a pulled file writes it. */
export function relativeLink(fromFile: string, toPath: string): string {
  return encodePath(path.posix.relative(path.posix.dirname(fromFile), toPath) || path.posix.basename(toPath));
}

/** A relative link's decoded path and its fragment; null for URLs, in-page anchors and absolute paths. */
export function splitTarget(target: string): { path: string; fragment: string } | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) return null;
  const hash = target.indexOf('#');
  try {
    const decoded = decodeURI(hash < 0 ? target : target.slice(0, hash));
    return decoded === '' ? null : { path: decoded, fragment: hash < 0 ? '' : target.slice(hash + 1) };
  } catch {
    return null;
  }
}

/** The workspace path a relative link in a file of `dir` points at; null for URLs, anchors and absolute paths. */
function targetPath(dir: string, target: string): string | null {
  const parts = splitTarget(target);
  return parts ? path.posix.normalize(path.posix.join(dir, parts.path)) : null;
}

export function pageLinks(store: StateStore, filePath: string): Required<FileLinks> & Required<FileLinkResolver> {
  const dir = path.posix.dirname(filePath);
  return {
    pathFor(notionId) {
      const map = store.getMapByNotionId(notionId);
      if (!map || map.state === 'trashed' || map.path === '') return null;
      return relativeLink(filePath, map.path);
    },
    idFor(target) {
      const at = targetPath(dir, target);
      const map = at === null ? undefined : store.getMapByPath(at);
      return map && map.state !== 'trashed' ? map.notionId : null;
    },
    mediaPathFor(url) {
      const row = store.getMediaByUrl(stripSignature(url));
      if (row) return encodePath(path.posix.relative(dir, row.localPath));
      // A Notion-hosted file with no local copy yet: its signature never reaches a file.
      return isSigned(url) ? stripSignature(url) : null;
    },
    mediaUrlFor(target) {
      const at = targetPath(dir, target);
      return at === null ? null : (store.getMediaByPath(at)?.url ?? null);
    },
  };
}
