// The plans of a push and of a create, as values: what a local edit or a new
// file may send to Notion, decided by pure functions (no disk, no store, no
// Notion) from the file, the stored base and Notion's state. push.ts and
// create.ts read those inputs, ask for the plan and carry it out; a refusal is
// a value here and an error there, so the decision table is tested without a
// workspace or a server (test/unit/engine/pushPlan.test.ts).
import { parseDocument, type Frontmatter } from '../documents/frontmatter';
import { documentTitle } from '../documents/title';
import { bodyHash, fileToNotion, fromFile, tooDeep, type FileLinkResolver } from '../markdown';
import { frontmatterToProperties, schemaFromProperties, type PropertyPayload } from '../notion/properties';
import type { CreateParent, NotionPage } from '../notion/types';
import type { SyncMode } from '../settings';
import type { MapRow } from '../store/types';
import { fileHash, propertyNameOf } from './render';

export type Refusal = { kind: 'refuse'; reason: string };

/** A local edit that may be pushed once Notion is read: the file and the base, parsed. */
export interface Pushable {
  kind: 'pushable';
  path: string;
  text: string;
  local: { frontmatter: Frontmatter; body: string };
  base: { frontmatter: Frontmatter; body: string };
}

export type PushPlan =
  | Refusal
  /** Notion changed since the base: the pull merges first (the push waits). */
  | { kind: 'remote-moved' }
  /** The file already holds what Notion holds. */
  | { kind: 'in-sync' }
  /**
   * Send the edit: `intent` is recorded first (a push cut short is recognised later),
   * then the changed properties, then the body's targeted edits when the body changed.
   */
  | {
      kind: 'push';
      intent: string;
      properties: Record<string, PropertyPayload> | null;
      body: string | null;
      /** New bytes under the name of a medium the page links: sent into its block even when no text changed. */
      replacedMedia: boolean;
      /** The file's body, whose media links name the replaced files. */
      localBody: string;
    };

export interface LocalPush {
  mode: SyncMode;
  path: string;
  /** The file now. */
  text: string;
  /** The stored base, if the page was ever pulled. */
  base: string | null;
}

/** What can be decided before Notion is read: the mode, the file and the base must allow a push. */
export function checkPushable(s: LocalPush): Refusal | Pushable {
  if (s.mode !== 'bidirectional') return refuse('pushing local edits needs bidirectional mode');
  const local = parseDocument(s.text, s.path);
  if (!local.ok) return refuse(`${s.path}: ${local.diagnostic.message}`);
  if (local.frontmatter.notion_partial) {
    return refuse(`${s.path} holds only part of its Notion page (truncated or unsupported blocks); it is never pushed`);
  }
  if (s.base === null) return refuse(`${s.path} has no base version yet; pull it first`);
  const base = parseDocument(s.base, s.path);
  if (!base.ok) return refuse(`${s.path}: the stored base is unreadable`);
  return { kind: 'pushable', path: s.path, text: s.text, local, base };
}

export interface RemoteState {
  /** The hash of Notion's page rendered as a file, and whether it holds what markdown cannot carry. */
  hash: string;
  /** Truthy (what was lost) when Notion's page holds what markdown cannot carry. */
  lossy: unknown;
  page: Pick<NotionPage, 'properties'>;
  /** A medium the file links holds new bytes under its old name (read from disk by the caller). */
  replacedMedia?: boolean;
}

/** Decides a push once Notion is read; `knownRemoteHash` is Notion's hash when the base was taken. */
export function planPush(p: Pushable, remote: RemoteState, knownRemoteHash: string | null): PushPlan {
  if (remote.lossy) return refuse(`${p.path}: Notion's page holds content markdown cannot carry; not pushed`);
  // Notion must still be where the base says, or the edit would overwrite theirs.
  if (remote.hash !== knownRemoteHash) return { kind: 'remote-moved' };
  const replacedMedia = remote.replacedMedia === true;
  if (fileHash(p.text) === remote.hash && !replacedMedia) return { kind: 'in-sync' };
  const before = propertyValues(p.base.frontmatter, remote.page);
  const after = propertyValues(p.local.frontmatter, remote.page);
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(v) !== JSON.stringify(before[k])) changed[k] = v;
  const payload = Object.keys(changed).length ? frontmatterToProperties(changed, schemaFromProperties(remote.page.properties), { skipReadOnly: true }) : {};
  const bodyChanged = bodyHash(p.local.body) !== bodyHash(p.base.body);
  const properties = Object.keys(payload).length ? payload : null;
  return { kind: 'push', intent: p.text, properties, body: bodyChanged ? p.local.body : null, replacedMedia, localBody: p.local.body };
}

/** Frontmatter keys that are the page's properties, by property name. */
export function propertyValues(fm: Record<string, unknown>, page: Pick<NotionPage, 'properties'>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const titleProp = Object.entries(page.properties).find(([, v]) => v.type === 'title')?.[0];
  for (const [key, value] of Object.entries(fm)) {
    const name = propertyNameOf(key);
    if (name !== null && name in page.properties && name !== titleProp) out[name] = value;
  }
  if (titleProp && typeof fm.title === 'string') out[titleProp] = fm.title;
  return out;
}

export type CreatePlan =
  | Refusal
  /** The file was linked to a page meanwhile (its frontmatter names one). */
  | { kind: 'linked'; notionId: string }
  /** Create the page under `parent` with the file's words; a database row also gets `rowValues` as properties. */
  | { kind: 'create'; parent: CreateParent; owner: MapRow; title: string; markdown: string; frontmatter: Frontmatter; body: string; rowValues: Record<string, unknown> | null };

export interface NewFile {
  path: string;
  text: string;
  /** The synced page or database whose folder holds the file (parentForNewFile), if any. */
  owner: MapRow | null;
  links: FileLinkResolver;
}

/** Decides a create: the file must parse, sit in a synced folder and nest no deeper than Notion takes. */
export function planCreate(f: NewFile): CreatePlan {
  const doc = parseDocument(f.text, f.path);
  if (!doc.ok) return refuse(`${f.path}: ${doc.diagnostic.message}`);
  if (typeof doc.frontmatter.notion_id === 'string') return { kind: 'linked', notionId: doc.frontmatter.notion_id };
  if (!f.owner) return refuse(`${f.path} is not inside a synced page's or database's folder`);
  const deep = fromFile(doc.body, f.links)
    .children.map((n) => tooDeep(n))
    .find((d) => d !== null);
  if (deep) return refuse(`${f.path}: ${deep}; not created (flatten it, or add the deeper levels in Notion)`);
  const row = f.owner.notionType === 'data_source';
  const parent: CreateParent = row ? { type: 'data_source', id: f.owner.notionId } : { type: 'page', id: f.owner.notionId };
  return {
    kind: 'create',
    parent,
    owner: f.owner,
    title: documentTitle(doc.frontmatter, doc.body, f.path),
    markdown: fileToNotion(doc.body, f.links),
    frontmatter: doc.frontmatter,
    body: doc.body,
    rowValues: row ? rowValues(doc.frontmatter) : null,
  };
}

/** A new row's property values by name, from the frontmatter (matched to the schema when the schema is read). */
function rowValues(frontmatter: Frontmatter): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(frontmatter)) {
    const name = propertyNameOf(k);
    if (name !== null) values[name] = v;
  }
  return values;
}

function refuse(reason: string): Refusal {
  return { kind: 'refuse', reason };
}
