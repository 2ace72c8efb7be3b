// Raw SDK objects → the engine's normalised types.
import { plainText } from './richText';
import type { NotionDatabase, NotionDataSource, NotionPage, NotionParent, RawDatabase, RawDataSource, RawPage } from './types';

interface LooseParent {
  type?: string;
  page_id?: string;
  data_source_id?: string;
  database_id?: string;
  block_id?: string;
  workspace?: boolean;
}

export function normaliseParent(raw: unknown): NotionParent {
  const p = (raw ?? {}) as LooseParent;
  switch (p.type) {
    case 'page_id':
      return { type: 'page', id: p.page_id ?? '' };
    case 'data_source_id':
      return { type: 'data_source', id: p.data_source_id ?? '', ...(p.database_id ? { databaseId: p.database_id } : {}) };
    case 'database_id':
      return { type: 'database', id: p.database_id ?? '' };
    case 'block_id':
      return { type: 'block', id: p.block_id ?? '' };
    default:
      return { type: 'workspace', id: '' };
  }
}

/** The text of a page's title property (whatever it is named). */
export function pageTitle(properties: Record<string, unknown>): string {
  for (const value of Object.values(properties)) {
    const v = value as { type?: string; title?: { plain_text?: string }[] };
    if (v?.type === 'title') return plainText(v.title);
  }
  return '';
}

function trashed(raw: { in_trash?: boolean; archived?: boolean }): boolean {
  return raw.in_trash ?? raw.archived ?? false;
}

export function normalisePage(raw: RawPage): NotionPage {
  const icon = raw.icon;
  let normalIcon: NotionPage['icon'];
  if (icon?.type === 'emoji') normalIcon = { type: 'emoji', emoji: icon.emoji };
  else if (icon?.type === 'external') normalIcon = { type: 'url', url: icon.external.url };
  else if (icon?.type === 'file') normalIcon = { type: 'url', url: icon.file.url };
  else if (icon) normalIcon = { type: 'other' };
  return {
    object: 'page',
    id: raw.id,
    url: raw.url,
    title: pageTitle(raw.properties),
    parent: normaliseParent(raw.parent),
    createdTime: raw.created_time,
    lastEditedTime: raw.last_edited_time,
    inTrash: trashed(raw),
    properties: raw.properties,
    ...(normalIcon ? { icon: normalIcon } : {}),
    raw,
  };
}

export function normaliseDataSource(raw: RawDataSource): NotionDataSource {
  const parent = normaliseParent(raw.parent);
  return {
    object: 'data_source',
    id: raw.id,
    databaseId: parent.type === 'database' ? parent.id : '',
    title: plainText(raw.title),
    url: raw.url,
    parent,
    createdTime: raw.created_time,
    lastEditedTime: raw.last_edited_time,
    inTrash: trashed(raw),
    properties: raw.properties,
    raw,
  };
}

export function normaliseDatabase(raw: RawDatabase): NotionDatabase {
  return {
    object: 'database',
    id: raw.id,
    title: plainText(raw.title),
    url: raw.url,
    dataSources: (raw.data_sources ?? []).map((d) => ({ id: d.id, name: d.name })),
    parent: normaliseParent(raw.parent),
    inTrash: trashed(raw),
    raw,
  };
}
