// Records → Notion API JSON (the shapes of @notionhq/client's *ObjectResponse types).
import { notionUrl } from './ids';
import type { Json } from './json';
import type { BlockRec, DatabaseRec, DataSourceRec, Meta, PageRec, Parent } from './model';
import { serializeProperty, serializeSchema } from './properties';
import { plainText } from './richText';
import { minuteIso } from './time';
import type { Workspace } from './workspace';

export function parentJson(ws: Workspace, parent: Parent): Json {
  switch (parent.kind) {
    case 'workspace':
      return { type: 'workspace', workspace: true };
    case 'page':
      return { type: 'page_id', page_id: parent.id };
    case 'block':
      return { type: 'block_id', block_id: parent.id };
    case 'data_source':
      return { type: 'data_source_id', data_source_id: parent.id, database_id: ws.dataSources.get(parent.id)?.databaseId ?? parent.id };
  }
}

function metaJson(m: Meta): Json {
  return {
    created_time: minuteIso(m.createdTime),
    last_edited_time: minuteIso(m.lastEditedTime),
    created_by: { object: 'user', id: m.createdBy },
    last_edited_by: { object: 'user', id: m.lastEditedBy },
  };
}

export function pageJson(ws: Workspace, page: PageRec, filterProperties?: string[]): Json {
  const properties: Json = {};
  for (const s of ws.schemaOf(page)) {
    if (filterProperties && !filterProperties.includes(s.id) && !filterProperties.includes(s.name)) continue;
    properties[s.name] = serializeProperty(page, s, ws);
  }
  return {
    object: 'page',
    id: page.id,
    ...metaJson(page),
    cover: page.cover,
    icon: page.icon,
    parent: parentJson(ws, page.parent),
    archived: page.inTrash,
    in_trash: page.inTrash,
    is_archived: false,
    is_locked: false,
    properties,
    url: notionUrl(ws.titleOf(page), page.id, ws.knobs.pageUrlHost),
    public_url: null,
  };
}

/** The block view of anything in a children list: blocks, child pages, child databases. */
export function blockJson(ws: Workspace, id: string): Json | undefined {
  const block = ws.blocks.get(id);
  if (block) return blockRecJson(ws, block);
  const page = ws.pages.get(id);
  if (page) {
    return common(ws, page, page.parent, 'child_page', { title: ws.titleOf(page) });
  }
  const db = ws.databases.get(id);
  if (db) return common(ws, db, db.parent, 'child_database', { title: plainText(db.title) });
  return undefined;
}

const MEDIA = new Set(['image', 'video', 'file', 'pdf', 'audio']);

function blockRecJson(ws: Workspace, block: BlockRec): Json {
  // Notion-hosted media get a freshly signed URL on every read.
  return common(ws, block, block.parent, block.type, MEDIA.has(block.type) ? ws.files.present(block.payload) : block.payload);
}

function common(ws: Workspace, m: Meta, parent: Parent, type: string, payload: Json): Json {
  return {
    object: 'block',
    id: m.id,
    parent: parentJson(ws, parent),
    ...metaJson(m),
    has_children: ws.blocks.has(m.id) ? ws.hasChildren(m.id) : ws.pages.has(m.id) ? ws.hasChildren(m.id) : false,
    archived: m.inTrash,
    in_trash: m.inTrash,
    type,
    [type]: payload,
  };
}

export function databaseJson(ws: Workspace, db: DatabaseRec): Json {
  return {
    object: 'database',
    id: db.id,
    title: db.title,
    description: [],
    parent: parentJson(ws, db.parent),
    is_inline: db.isInline,
    in_trash: db.inTrash,
    archived: db.inTrash,
    is_locked: false,
    created_time: minuteIso(db.createdTime),
    last_edited_time: minuteIso(db.lastEditedTime),
    data_sources: db.dataSourceIds.map((id) => ({ id, name: plainText(ws.dataSources.get(id)?.title ?? []) })),
    icon: db.icon,
    cover: null,
    url: notionUrl(plainText(db.title), db.id, ws.knobs.pageUrlHost),
    public_url: null,
  };
}

export function dataSourceJson(ws: Workspace, ds: DataSourceRec): Json {
  const db = ws.databases.get(ds.databaseId);
  return {
    object: 'data_source',
    id: ds.id,
    title: ds.title,
    description: [],
    parent: { type: 'database_id', database_id: ds.databaseId },
    database_parent: db ? parentJson(ws, db.parent) : { type: 'workspace', workspace: true },
    is_inline: db?.isInline ?? false,
    in_trash: db?.inTrash ?? false,
    archived: db?.inTrash ?? false,
    ...metaJson(ds),
    properties: serializeSchema(ds.properties),
    icon: db?.icon ?? null,
    cover: null,
    url: notionUrl(plainText(ds.title), ds.databaseId, ws.knobs.pageUrlHost),
    public_url: null,
  };
}
