// /__control/ routes: reset, edits "as a Notion user", knobs, request log,
// webhooks and state for assertions. Loopback only, no auth.
import type { Emulator } from './emulator';
import { ApiError, notFound, validationError } from './errors';
import { normalizeId } from './ids';
import { Json, asArray, asObject, isObject } from './json';
import { applyKnobs } from './knobsInput';
import { parseByVersion } from './markdown/parseV2';
import { renderPageMarkdown } from './markdown/render';
import type { Parent, PropSchema } from './model';
import { markdownVersion, withMentionTitles } from './markdownApi';
import { findSchema, parsePropertyValues } from './properties';
import { plainText, text } from './richText';
import { DEMO_IDS } from './seed';
import { blockJson, pageJson } from './serialize';
import type { Workspace } from './workspace';

type ControlHandler = (emu: Emulator, params: string[], body: Json) => unknown;

const routes: Array<{ method: string; pattern: RegExp; handler: ControlHandler }> = [];
function route(method: string, path: string, handler: ControlHandler): void {
  routes.push({ method, pattern: new RegExp(`^/__control${path.replace(/:[a-z]+/g, '([^/]+)')}/?$`), handler });
}

export function resolveControl(method: string, path: string): { handler: ControlHandler; params: string[] } | undefined {
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m && r.method === method) return { handler: r.handler, params: m.slice(1).map(decodeURIComponent) };
  }
  return undefined;
}

function id(raw: unknown, what: string): string {
  const v = normalizeId(raw);
  if (!v) throw validationError(`${what} should be a Notion id, instead was \`${String(raw)}\`.`);
  return v;
}

/** Edits through the control API act as a person (Ada unless `authorId` says otherwise). */
function author(emu: Emulator, body: Json): string {
  const a = normalizeId(body.authorId);
  if (a && emu.ws.users.has(a)) return a;
  return emu.ws.users.has(DEMO_IDS.adaUser) ? DEMO_IDS.adaUser : emu.ws.botId;
}

function resolveParent(ws: Workspace, raw: unknown): Parent {
  if (raw === undefined || raw === null || raw === 'workspace') return { kind: 'workspace' };
  const pid = id(raw, 'parentId');
  if (ws.pages.has(pid)) return { kind: 'page', id: pid };
  if (ws.dataSources.has(pid)) return { kind: 'data_source', id: pid };
  const db = ws.databases.get(pid);
  if (db) return { kind: 'data_source', id: db.dataSourceIds[0] };
  if (ws.blocks.has(pid)) return { kind: 'block', id: pid };
  throw notFound('page', pid);
}

/** Accepts plain values (`"Done"`, `3`, `["a"]`, `"2026-12-01"`) or full Notion property values. */
function simpleProperties(schema: PropSchema[], input: unknown): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(asObject(input))) {
    const s = findSchema(schema, key);
    if (!s) throw validationError(`${key} is not a property that exists.`);
    if (isObject(v) && s.type in v) {
      out[key] = v;
      continue;
    }
    switch (s.type) {
      case 'title':
      case 'rich_text':
        out[key] = { [s.type]: [text(String(v ?? ''))] };
        break;
      case 'select':
      case 'status':
        out[key] = { [s.type]: v === null ? null : { name: String(v) } };
        break;
      case 'multi_select':
        out[key] = { multi_select: asArray(v).map((n) => ({ name: String(n) })) };
        break;
      case 'date':
        out[key] = { date: v === null ? null : isObject(v) ? v : { start: String(v) } };
        break;
      case 'people':
      case 'relation':
        out[key] = { [s.type]: asArray(v).map((x) => ({ id: String(x) })) };
        break;
      default:
        out[key] = { [s.type]: v };
    }
  }
  return out;
}

/** Control edits write v1 markdown unless `markdownVersion: "v2"` says otherwise. */
const version = (body: Json) => markdownVersion(body.markdownVersion, 'body');
const parsed = (ws: Workspace, body: Json, markdown: string) => parseByVersion(markdown, version(body)).items.map((i) => ({ ...i, input: withMentionTitles(ws, [i.input])[0] }));

route('POST', '/reset', (emu, _p, body) => {
  const seed = body.seed === 'empty' ? 'empty' : 'demo';
  emu.reset({ seed, pages: Number(body.pages ?? 0), rows: Number(body.rows ?? 0) });
  return { ok: true, seed };
});

route('POST', '/pages', (emu, _p, body) => {
  const ws = emu.ws;
  const parent = resolveParent(ws, body.parentId);
  const schema = parent.kind === 'data_source' ? ws.dataSource(parent.id).properties : [{ id: 'title', name: 'title', type: 'title', config: {} }];
  const titleName = schema.find((s) => s.type === 'title')!.name;
  const properties = parsePropertyValues({ ...simpleProperties(schema, body.properties), [titleName]: { title: [text(String(body.title ?? ''))] } }, schema, ws);
  const content = typeof body.markdown === 'string' ? parsed(ws, body, body.markdown).map((i) => i.input) : [];
  const page = ws.createPage({ parent, properties, actor: author(emu, body), content });
  return pageJson(ws, page);
});

route('PATCH', '/pages/:id', (emu, params, body) => {
  const ws = emu.ws;
  const page = ws.page(id(params[0], 'id'));
  const actor = author(emu, body);
  const schema = ws.schemaOf(page);
  const props = simpleProperties(schema, body.properties);
  if (typeof body.title === 'string') props[ws.titleProp(page)] = { title: [text(body.title)] };
  const values = parsePropertyValues(props, schema, ws);
  if (Object.keys(values).length) ws.setProperties(page.id, values, actor);
  if (typeof body.markdown === 'string') {
    const current = renderPageMarkdown(ws, page.id, version(body));
    ws.replaceContent(page.id, parsed(ws, body, body.markdown), current.chunks, true, actor);
  }
  if (typeof body.appendMarkdown === 'string') {
    ws.insertTree(page.id, parsed(ws, body, body.appendMarkdown).map((i) => i.input), { type: 'end' }, actor);
  }
  return pageJson(ws, page);
});

route('POST', '/pages/:id/move', (emu, params, body) => {
  const ws = emu.ws;
  return pageJson(ws, ws.movePage(id(params[0], 'id'), resolveParent(ws, body.parentId), author(emu, body)));
});
route('POST', '/pages/:id/trash', (emu, params, body) => pageJson(emu.ws, emu.ws.trashPage(id(params[0], 'id'), author(emu, body), true)));
route('POST', '/pages/:id/restore', (emu, params, body) => pageJson(emu.ws, emu.ws.trashPage(id(params[0], 'id'), author(emu, body), false)));

route('GET', '/pages/:id', (emu, params) => {
  const ws = emu.ws;
  const page = ws.page(id(params[0], 'id'));
  const r = renderPageMarkdown(ws, page.id, 'v1');
  const tree = (container: string): Json[] =>
    ws.childIds(container).map((cid) => {
      const json = blockJson(ws, cid) ?? {};
      return ws.blocks.has(cid) && ws.hasChildren(cid) ? { ...json, children: tree(cid) } : json;
    });
  return { page: pageJson(ws, page), title: ws.titleOf(page), markdown: r.markdown, blocks: tree(page.id) };
});

route('GET', '/state', (emu) => {
  const ws = emu.ws;
  const parentId = (p: Parent) => (p.kind === 'workspace' ? null : p.id);
  return {
    pages: [...ws.pages.values()].map((p) => ({ id: p.id, title: ws.titleOf(p), parentId: parentId(p.parent), parentType: p.parent.kind, inTrash: p.inTrash, lastEditedTime: new Date(p.lastEditedTime).toISOString() })),
    databases: [...ws.databases.values()].map((d) => ({
      id: d.id,
      title: plainText(d.title),
      parentId: parentId(d.parent),
      inTrash: d.inTrash,
      dataSources: d.dataSourceIds.map((dsId) => ({ id: dsId, title: plainText(ws.dataSources.get(dsId)?.title ?? []) })),
    })),
    users: [...ws.users.values()].map((u) => ({ id: u.id, name: u.name, type: u.type })),
    ids: DEMO_IDS,
  };
});

route('GET', '/requests', (emu) => emu.requests);
route('DELETE', '/requests', (emu) => {
  emu.requests.length = 0;
  return { ok: true };
});

// Downloads from the file server, apart from the API log (tests count the bytes a pull fetched).
route('GET', '/files/requests', (emu) => emu.fileRequests);
route('DELETE', '/files/requests', (emu) => {
  emu.fileRequests.length = 0;
  return { ok: true };
});

route('GET', '/knobs', (emu) => emu.knobs);
route('POST', '/knobs', (emu, _p, body) => applyKnobs(emu.knobs, body));

route('POST', '/clock/advance', (emu, _p, body) => {
  emu.clock.advance(Number(body.ms ?? 0));
  return { now: new Date(emu.clock.now()).toISOString() };
});

route('GET', '/webhooks', (emu) => emu.hub.list());
route('POST', '/webhooks', (emu, _p, body) => {
  if (typeof body.url !== 'string') throw validationError('url is required.');
  return emu.hub.add({
    url: body.url,
    verificationToken: typeof body.verificationToken === 'string' ? body.verificationToken : undefined,
    events: Array.isArray(body.events) ? body.events.map(String) : undefined,
    reorder: body.reorder === true,
    duplicate: body.duplicate === true,
    aggregateMs: typeof body.aggregateMs === 'number' ? body.aggregateMs : undefined,
    maxAttempts: typeof body.maxAttempts === 'number' ? body.maxAttempts : undefined,
    retryDelayMs: typeof body.retryDelayMs === 'number' ? body.retryDelayMs : undefined,
  });
});
route('DELETE', '/webhooks/:id', (emu, params) => {
  if (!emu.hub.remove(params[0])) throw new ApiError(404, 'object_not_found', `No webhook subscription ${params[0]}.`);
  return { ok: true };
});
route('POST', '/webhooks/flush', async (emu) => {
  await emu.hub.flush();
  return { ok: true };
});
route('GET', '/webhooks/deliveries', (emu) => emu.hub.deliveries);
