// Links between synced pages as relative links in the files, and back: the
// file at `filePath` links to another synced page by the path from its own
// folder; a relative link in it leads back to that page's id. Media work the
// same way: a Notion file with a local copy is linked by the copy's relative
// path, and that path leads back to the Notion file.
import path from 'node:path';
import type { FileLinkResolver, FileLinks } from '../markdown';
import { dashedId, decodeFragment, stripSignature } from '../markdown';
import type { StateStore } from '../store/stateStore';
import type { MapRow } from '../store/types';
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

/** Heading anchors known for this run (see anchors.ts): block ⇄ slug. */
export interface AnchorLookup {
  /** The slug of a heading block; null when it is no heading, or unknown. */
  slugOf(blockId: string): string | null;
  /** The heading block a slug names in a page whose headings were read; null when none. */
  blockOf(pageId: string, slug: string): string | null;
}

/** The live mapping of a page or folder; a database id finds its data source's folder. */
function placed(store: StateStore, notionId: string): MapRow | null {
  const live = (m: MapRow | undefined) => (m && m.state !== 'trashed' && m.path !== '' ? m : null);
  const dataSource = store.getProject(notionId)?.dataSourceId;
  return live(store.getMapByNotionId(notionId)) ?? (dataSource ? live(store.getMapByNotionId(dataSource)) : null);
}

/**
 * Links from the file at `filePath`. A Notion link to a block becomes the
 * block's heading anchor (`#how-we-build`; the block id when it is no heading
 * or not known), and back.
 */
export function pageLinks(store: StateStore, filePath: string, anchors?: AnchorLookup): Required<FileLinks> & Required<FileLinkResolver> {
  const dir = path.posix.dirname(filePath);
  const self = () => store.getMapByPath(filePath)?.notionId ?? null;
  const anchorFor = (id: string, fragment: string) => dashedId(fragment) ?? anchors?.blockOf(id, decodeFragment(fragment)) ?? null;
  return {
    pathFor(notionId, anchor) {
      const map = placed(store, notionId);
      if (!map) return null;
      if (!anchor) return relativeLink(filePath, map.path);
      const fragment = `#${anchors?.slugOf(anchor) ?? anchor.replace(/-/g, '')}`;
      return map.path === filePath ? fragment : relativeLink(filePath, map.path) + fragment;
    },
    idFor(target) {
      if (target.startsWith('#')) {
        // An anchor in the page itself leads to Notion only when it names one of its blocks.
        const id = self();
        return id && target.length > 1 && anchorFor(id, target.slice(1)) ? id : null;
      }
      const at = targetPath(dir, target);
      const map = at === null ? undefined : store.getMapByPath(at);
      if (!map || map.state === 'trashed') return null;
      // A database's folder is mapped by its data source; Notion links to the database.
      return map.notionType === 'data_source' ? (store.listProjects().find((p) => p.dataSourceId === map.notionId)?.id ?? map.notionId) : map.notionId;
    },
    anchorFor,
    mediaPathFor(url) {
      // One Notion file in two pages (an upload attached twice) has a copy in each page's folder: this page's first.
      const stable = stripSignature(url);
      const page = store.getMapByPath(filePath)?.notionId;
      const row = (page && store.listMedia(page).find((m) => m.url === stable)) || store.getMediaByUrl(stable);
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
