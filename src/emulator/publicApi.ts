// The /v1 routes: Notion's public API over the in-memory workspace.
import { parseChildren, normalizePayload } from './blocksInput';
import { notFound, validationError } from './errors';
import { normalizeId } from './ids';
import { Json, asObject, isObject } from './json';
import { attachUploads } from './fileUploadApi';
import { compileFilter, compileSorts } from './filters';
import { markdownVersion, withMentionTitles } from './markdownApi';
import { parseByVersion } from './markdown/parseV2';
import type { Parent } from './model';
import { minuteIso } from './time';
import { paginate, QUERY_RESULT_CAP } from './pagination';
import { applySchemaUpdate, findSchema, parsePropertyValues, propertyItems, serializeProperty, userJson } from './properties';
import { parseRichText, plainText, text } from './richText';
import { route } from './router';
import { blockJson, databaseJson, dataSourceJson, pageJson } from './serialize';
import type { Position, Workspace } from './workspace';


// ---- users

route('GET', '/v1/users/me', ({ ws, workspaceName }) => ({
  ...userJson(ws, ws.botId),
  bot: { owner: { type: 'workspace', workspace: true }, workspace_name: workspaceName, workspace_limits: { max_file_upload_size_in_bytes: ws.uploads.limit() } },
}));
route('GET', '/v1/users', ({ ws, query }) =>
  paginate([...ws.users.values()], (u) => u.id, (u) => userJson(ws, u.id), query.get('start_cursor'), query.get('page_size') ?? undefined, 'user'),
);
route('GET', '/v1/users/:user_id', ({ ws, params }) => {
  if (!ws.users.has(params[0])) throw notFound('user', params[0]);
  return userJson(ws, params[0]);
});

// ---- search

route('POST', '/v1/search', ({ ws, search, body }) => {
  const b = asObject(body);
  const q = typeof b.query === 'string' ? b.query.toLowerCase() : '';
  const filter = asObject(b.filter);
  const want = typeof filter.value === 'string' ? filter.value : undefined;
  if (want && want !== 'page' && want !== 'data_source') throw validationError('body failed validation: body.filter.value should be `"page"` or `"data_source"`.');
  type Hit = { id: string; edited: number; json: () => Json };
  const hits: Hit[] = [];
  if (want !== 'data_source') {
    const now = ws.clock.now();
    for (const p of ws.pages.values()) {
      if (p.inTrash || (q && !ws.titleOf(p).toLowerCase().includes(q))) continue;
      // Search shows a page as indexed: with the lag knob, its latest edits may not be there yet.
      const edited = search.indexedEditTime(p, now);
      if (edited === undefined) continue;
      hits.push({ id: p.id, edited, json: () => ({ ...pageJson(ws, p), last_edited_time: minuteIso(edited) }) });
    }
  }
  if (want !== 'page') {
    for (const ds of ws.dataSources.values()) {
      const db = ws.databases.get(ds.databaseId);
      if (db?.inTrash || (q && !plainText(ds.title).toLowerCase().includes(q))) continue;
      hits.push({ id: ds.id, edited: ds.lastEditedTime, json: () => dataSourceJson(ws, ds) });
    }
  }
  const sort = asObject(b.sort);
  const dir = sort.direction === 'ascending' ? 1 : -1;
  hits.sort((x, y) => dir * (Math.floor(x.edited / 60_000) - Math.floor(y.edited / 60_000)) || (x.id < y.id ? -1 : 1));
  return paginate(hits, (h) => h.id, (h) => h.json(), b.start_cursor, b.page_size, 'page_or_data_source', QUERY_RESULT_CAP);
});

// ---- pages

function parseParent(ws: Workspace, raw: unknown): Parent {
  const p = asObject(raw);
  const type = typeof p.type === 'string' ? p.type : ['page_id', 'data_source_id', 'database_id', 'workspace', 'block_id'].find((k) => k in p);
  if (type === 'workspace') return { kind: 'workspace' };
  const id = normalizeId(type ? p[type] : undefined);
  if (!type || !id) throw validationError('body failed validation: body.parent should be an object with page_id, data_source_id or database_id.');
  if (type === 'page_id') {
    if (!ws.pages.has(id)) throw notFound('page', id);
    return { kind: 'page', id };
  }
  if (type === 'block_id') {
    if (!ws.blocks.has(id)) throw notFound('block', id);
    return { kind: 'block', id };
  }
  if (type === 'data_source_id') {
    ws.dataSource(id);
    return { kind: 'data_source', id };
  }
  if (type === 'database_id') {
    const db = ws.database(id);
    if (db.dataSourceIds.length !== 1) throw validationError('Databases with multiple data sources need parent.data_source_id.');
    return { kind: 'data_source', id: db.dataSourceIds[0] };
  }
  throw validationError(`body failed validation: unsupported parent type ${type}.`);
}

function schemaFor(ws: Workspace, parent: Parent) {
  return parent.kind === 'data_source' ? ws.dataSource(parent.id).properties : [{ id: 'title', name: 'title', type: 'title', config: {} }];
}

route('POST', '/v1/pages', ({ ws, body, actor }) => {
  const b = asObject(body);
  if (b.parent === undefined) throw validationError('body failed validation: body.parent should be defined, instead was `undefined`.');
  // The spec requires properties; a markdown body may carry the title instead.
  if (b.properties === undefined && typeof b.markdown !== 'string' && b.template === undefined) {
    throw validationError('body failed validation: body.properties should be defined, instead was `undefined`.');
  }
  const parent = parseParent(ws, b.parent);
  const schema = schemaFor(ws, parent);
  const properties = parsePropertyValues(b.properties, schema, ws);
  if (b.markdown !== undefined && (b.children !== undefined || b.content !== undefined)) {
    throw validationError('body failed validation: markdown cannot be combined with children or content.');
  }
  if (b.markdown_version !== undefined && typeof b.markdown !== 'string') {
    throw validationError('body failed validation: markdown_version may only be sent together with markdown.');
  }
  let content = b.children !== undefined ? attachUploads(ws, parseChildren(b.children, 'body.children', (id) => ws.titleById(id))) : [];
  if (typeof b.markdown === 'string') {
    const { items } = parseByVersion(b.markdown, markdownVersion(b.markdown_version, 'body', ws.knobs));
    const titleProp = schema.find((s) => s.type === 'title')!;
    if (!properties[titleProp.name] && items[0]?.input.type === 'heading_1') {
      properties[titleProp.name] = { type: 'title', value: items.shift()!.input.payload.rich_text };
    }
    content = withMentionTitles(ws, items.map((i) => i.input));
  }
  const page = ws.createPage({ parent, properties, icon: isObject(b.icon) ? b.icon : null, cover: isObject(b.cover) ? b.cover : null, actor, content });
  return pageJson(ws, page);
});

function filterProperties(query: URLSearchParams): string[] | undefined {
  const list = [...query.getAll('filter_properties'), ...query.getAll('filter_properties[]')].flatMap((v) => v.split(','));
  return list.length ? list.map((v) => decodeURIComponent(v)) : undefined;
}

route('GET', '/v1/pages/:page_id', ({ ws, params, query }) => pageJson(ws, ws.page(params[0]), filterProperties(query)));

function trashFlag(b: Json): boolean | undefined {
  if (typeof b.in_trash === 'boolean') return b.in_trash;
  if (typeof b.archived === 'boolean') return b.archived;
  return undefined;
}

route('PATCH', '/v1/pages/:page_id', ({ ws, params, body, actor }) => {
  const b = asObject(body);
  const page = ws.page(params[0]);
  const trash = trashFlag(b);
  if (page.inTrash && trash !== false) throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  if (trash === false) ws.trashPage(page.id, actor, false);
  const values = parsePropertyValues(b.properties, ws.schemaOf(page), ws);
  if (Object.keys(values).length) ws.setProperties(page.id, values, actor);
  if (b.icon !== undefined || b.cover !== undefined) ws.setPageIcon(page.id, isObject(b.icon) ? b.icon : b.icon === undefined ? page.icon : null, b.cover === undefined ? undefined : isObject(b.cover) ? b.cover : null, actor);
  if (trash === true) ws.trashPage(page.id, actor, true);
  return pageJson(ws, page);
});

route('POST', '/v1/pages/:page_id/move', ({ ws, params, body, actor }) => {
  const page = ws.page(params[0]);
  const parent = parseParent(ws, asObject(body).parent);
  if (parent.kind !== 'page' && parent.kind !== 'data_source') throw validationError('body failed validation: body.parent should be page_id or data_source_id.');
  return pageJson(ws, ws.movePage(page.id, parent, actor));
});

route('GET', '/v1/pages/:page_id/properties/:property_id', ({ ws, params, query }) => {
  const page = ws.page(params[0]);
  const s = findSchema(ws.schemaOf(page), params[1]);
  if (!s) throw notFound('property', params[1]);
  if (!['title', 'rich_text', 'people', 'relation'].includes(s.type)) return { object: 'property_item', ...serializeProperty(page, s, ws) };
  // Paginated properties: one property_item per reference or text item, the cursor is the item's index.
  const items = propertyItems(page, s, ws).map((item, i) => ({ i: String(i), item }));
  const list = paginate(items, (x) => x.i, (x) => ({ object: 'property_item', id: s.id, type: s.type, [s.type]: x.item }), query.get('start_cursor'), query.get('page_size') ?? undefined, 'property_item');
  const next = list.next_cursor === null ? null : `https://api.notion.com/v1/pages/${page.id}/properties/${encodeURIComponent(s.id)}?start_cursor=${String(list.next_cursor)}`;
  return { ...list, property_item: { id: s.id, next_url: next, type: s.type, [s.type]: {} } };
});

// ---- blocks

function requireBlockView(ws: Workspace, id: string): Json {
  const json = blockJson(ws, id);
  if (!json) throw notFound('block', id);
  return json;
}

route('GET', '/v1/blocks/:block_id', ({ ws, params }) => requireBlockView(ws, params[0]));

route('GET', '/v1/blocks/:block_id/children', ({ ws, params, query }) => {
  const id = params[0];
  if (!ws.isContainer(id)) {
    if (ws.databases.has(id)) return paginate([], String, () => ({}), null, query.get('page_size') ?? undefined, 'block');
    throw notFound('block', id);
  }
  return paginate(ws.childIds(id), (x) => x, (x) => requireBlockView(ws, x), query.get('start_cursor'), query.get('page_size') ?? undefined, 'block');
});

function parsePosition(b: Json): Position {
  if (b.after !== undefined && b.position !== undefined) throw validationError('body failed validation: pass either after or position, not both.');
  if (typeof b.after === 'string') {
    const id = normalizeId(b.after);
    if (!id) throw validationError('body failed validation: body.after should be a valid uuid.');
    return { type: 'after', id };
  }
  const p = asObject(b.position);
  if (p.type === 'start' || p.type === 'page_start') return { type: 'start' };
  if (p.type === 'after_block') {
    const id = normalizeId(asObject(p.after_block).id);
    if (!id) throw validationError('body failed validation: body.position.after_block.id should be a valid uuid.');
    return { type: 'after', id };
  }
  return { type: 'end' };
}

route('PATCH', '/v1/blocks/:block_id/children', ({ ws, params, body, actor }) => {
  const id = params[0];
  if (!ws.isContainer(id)) throw notFound('block', id);
  if (ws.isTrashed(id)) throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  const b = asObject(body);
  const children = attachUploads(ws, parseChildren(b.children, 'body.children', (x) => ws.titleById(x)));
  const ids = ws.insertTree(id, children, parsePosition(b), actor);
  return { object: 'list', results: ids.map((x) => requireBlockView(ws, x)), next_cursor: null, has_more: false, type: 'block', block: {} };
});

route('PATCH', '/v1/blocks/:block_id', ({ ws, params, body, actor }) => {
  const id = params[0];
  const b = asObject(body);
  const trash = trashFlag(b);
  if (ws.pages.has(id)) {
    if (trash !== undefined) ws.trashPage(id, actor, trash);
    const cp = asObject(b.child_page);
    if (typeof cp.title === 'string') {
      const page = ws.page(id);
      ws.setProperties(id, { [ws.titleProp(page)]: { type: 'title', value: [text(cp.title)] } }, actor);
    }
    return requireBlockView(ws, id);
  }
  const block = ws.blocks.get(id);
  if (!block) {
    if (ws.databases.has(id)) return requireBlockView(ws, id);
    throw notFound('block', id);
  }
  if (block.inTrash && trash !== false) throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  if (trash === false) ws.trashBlock(id, actor, false);
  const typeKeys = Object.keys(b).filter((k) => !['in_trash', 'archived', 'type', 'object'].includes(k));
  for (const k of typeKeys) {
    if (k !== block.type) throw validationError(`body failed validation: block type ${k} does not match the existing block type ${block.type}.`);
    const update = asObject(b[k]);
    if ('children' in update) throw validationError(`body failed validation: body.${k}.children should be not present.`);
    const payload = normalizePayload(block.type, { ...block.payload, ...update }, `body.${k}`, (x) => ws.titleById(x));
    ws.updateBlock(id, attachUploads(ws, [{ type: block.type, payload, children: [] }])[0].payload, actor);
  }
  if (trash === true) ws.trashBlock(id, actor, true);
  return requireBlockView(ws, id);
});

route('DELETE', '/v1/blocks/:block_id', ({ ws, params, actor }) => {
  const id = params[0];
  if (ws.pages.has(id)) ws.trashPage(id, actor, true);
  else if (ws.databases.has(id)) ws.database(id).inTrash = true;
  else ws.trashBlock(id, actor, true);
  return requireBlockView(ws, id);
});

// ---- databases and data sources

route('GET', '/v1/databases/:database_id', ({ ws, params }) => databaseJson(ws, ws.database(params[0])));

route('GET', '/v1/data_sources/:data_source_id', ({ ws, params }) => dataSourceJson(ws, ws.dataSource(params[0])));

route('PATCH', '/v1/data_sources/:data_source_id', ({ ws, params, body, actor }) => {
  const ds = ws.dataSource(params[0]);
  const b = asObject(body);
  const title = b.title !== undefined ? parseRichText(b.title, 'body.title') : undefined;
  return dataSourceJson(ws, ws.updateSchema(ds.id, applySchemaUpdate(ds.properties, b.properties), title, actor));
});

route('POST', '/v1/data_sources/:data_source_id/query', ({ ws, params, body, query }) => {
  const ds = ws.dataSource(params[0]);
  const b = asObject(body);
  const predicate = compileFilter(b.filter, ds.properties, ws);
  const inTrash = b.in_trash === true || b.archived === true;
  const rows = (inTrash ? [...ws.pages.values()].filter((p) => p.parent.kind === 'data_source' && p.parent.id === ds.id && p.inTrash) : ws.rowsOf(ds.id)).filter(predicate);
  rows.sort(compileSorts(b.sorts, ds.properties));
  const fp = filterProperties(query);
  return paginate(rows, (p) => p.id, (p) => pageJson(ws, p, fp), b.start_cursor, b.page_size, 'page_or_data_source', QUERY_RESULT_CAP);
});

route('GET', '/v1/data_sources/:data_source_id/templates', ({ query }) => ({
  templates: [],
  has_more: false,
  next_cursor: null,
  ...(query.get('page_size') ? {} : {}),
}));

// ---- comments (read-only and empty: the engine does not sync comments)

route('GET', '/v1/comments', ({ query }) => {
  const id = normalizeId(query.get('block_id') ?? '');
  if (!id) throw validationError('query failed validation: block_id should be a valid uuid.');
  return { object: 'list', results: [], next_cursor: null, has_more: false, type: 'comment', comment: {} };
});
