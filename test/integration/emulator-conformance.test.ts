// Conformance of the emulator with the OpenAPI description shipped in
// @notionhq/notion-mcp-server: every documented operation the emulator
// implements has its route, honours required params, and answers with bodies
// that validate against the documented schemas (checked with ajv).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';

interface Operation {
  operationId: string;
  parameters?: Array<{ name?: string; in?: string; required?: boolean; $ref?: string }>;
  requestBody?: { content?: { 'application/json'?: { schema?: { required?: string[]; properties?: Record<string, unknown> } } } };
  responses?: Record<string, { content?: { 'application/json'?: { schema?: unknown } } }>;
}
type Spec = { paths: Record<string, Record<string, Operation>>; components: unknown };

const SPEC_PATH = path.join(__dirname, '../../node_modules/@notionhq/notion-mcp-server/scripts/notion-openapi.json');
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;

/**
 * The trimmed spec leaves object schemas loose, so objects in responses are also checked
 * against the required keys of @notionhq/client's generated response types.
 */
const OBJECT_KEYS: Record<string, string[]> = {
  page: ['object', 'id', 'created_time', 'last_edited_time', 'in_trash', 'archived', 'is_archived', 'is_locked', 'url', 'public_url', 'parent', 'properties', 'icon', 'cover', 'created_by', 'last_edited_by'],
  block: ['object', 'id', 'parent', 'created_time', 'last_edited_time', 'created_by', 'last_edited_by', 'has_children', 'archived', 'in_trash', 'type'],
  database: ['object', 'id', 'title', 'description', 'parent', 'is_inline', 'in_trash', 'archived', 'is_locked', 'created_time', 'last_edited_time', 'data_sources', 'icon', 'cover', 'url', 'public_url'],
  data_source: ['object', 'id', 'title', 'description', 'parent', 'database_parent', 'is_inline', 'in_trash', 'archived', 'created_time', 'last_edited_time', 'created_by', 'last_edited_by', 'properties', 'icon', 'cover', 'url', 'public_url'],
  list: ['object', 'results', 'next_cursor', 'has_more', 'type'],
  user: ['object', 'id'],
  page_markdown: ['object', 'id', 'markdown', 'truncated', 'unknown_block_ids'],
};

function checkObjects(value: unknown, where: string): void {
  if (Array.isArray(value)) return value.forEach((v, i) => checkObjects(v, `${where}[${i}]`));
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Record<string, unknown>;
  const keys = typeof obj.object === 'string' ? OBJECT_KEYS[obj.object] : undefined;
  // Partial objects ({object, id}) are allowed where the SDK types allow them.
  if (keys && Object.keys(obj).length > 2) for (const k of keys) assert.ok(k in obj, `${where}: ${String(obj.object)} lacks ${k}`);
  if (obj.object === 'block' && typeof obj.type === 'string') assert.ok(obj.type in obj, `${where}: block lacks its ${obj.type} payload`);
  if (obj.object === 'list' && typeof obj.type === 'string') assert.ok(obj.type in obj, `${where}: list lacks its ${obj.type} key`);
  for (const [k, v] of Object.entries(obj)) checkObjects(v, `${where}.${k}`);
}

/** Operations the emulator deliberately leaves out (the engine does not use them). */
const NOT_IMPLEMENTED = new Set(['create-a-comment', 'create-a-data-source']);

interface Sample {
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  version?: string;
}

const B = DEMO_IDS;
/** A valid request for each implemented operation, against a fresh demo seed. */
const samples: Record<string, () => Sample> = {
  'get-user': () => ({ params: { user_id: B.adaUser } }),
  'get-users': () => ({ params: {}, query: { page_size: '2' } }),
  'get-self': () => ({ params: {} }),
  'post-search': () => ({ params: {}, body: { query: 'Handbook', filter: { property: 'object', value: 'page' }, sort: { timestamp: 'last_edited_time', direction: 'descending' }, page_size: 10 } }),
  'get-block-children': () => ({ params: { block_id: B.gettingStartedPage }, query: { page_size: '3' } }),
  'patch-block-children': () => ({ params: { block_id: B.rootPage }, body: { children: [{ paragraph: { rich_text: [{ text: { content: 'appended' } }] } }] } }),
  'retrieve-a-block': () => ({ params: { block_id: B.localSetupPage } }),
  'update-a-block': () => ({ params: { block_id: B.localSetupPage }, body: { archived: false } }),
  'delete-a-block': () => ({ params: { block_id: B.architecturePage } }),
  'retrieve-a-page': () => ({ params: { page_id: B.rootPage }, query: { filter_properties: 'title' } }),
  'patch-page': () => ({ params: { page_id: B.rootPage }, body: { properties: { title: { title: [{ text: { content: 'Renamed' } }] } }, in_trash: false } }),
  'post-page': () => ({ params: {}, body: { parent: { page_id: B.rootPage }, properties: { title: { title: [{ text: { content: 'New' } }] } } } }),
  'retrieve-a-page-property': () => ({ params: { page_id: B.rootPage, property_id: 'title' } }),
  'retrieve-a-comment': () => ({ params: {}, query: { block_id: B.rootPage } }),
  'query-data-source': () => ({ params: { data_source_id: B.tasksDataSource }, body: { filter: { property: 'Done', checkbox: { equals: false } }, sorts: [{ property: 'Name', direction: 'ascending' }], page_size: 5 } }),
  'retrieve-a-data-source': () => ({ params: { data_source_id: B.tasksDataSource } }),
  'update-a-data-source': () => ({ params: { data_source_id: B.docsDataSource }, body: { properties: { Owner: { people: {} } } } }),
  'list-data-source-templates': () => ({ params: { data_source_id: B.tasksDataSource } }),
  'retrieve-a-database': () => ({ params: { database_id: B.tasksDatabase } }),
  'move-page': () => ({ params: { page_id: B.localSetupPage }, body: { parent: { type: 'page_id', page_id: B.engineeringPage } } }),
  'retrieve-page-markdown': () => ({ params: { page_id: B.gettingStartedPage }, query: { include_transcript: 'false' }, version: '2026-03-11' }),
  'update-page-markdown': () => ({ params: { page_id: B.localSetupPage }, body: { type: 'replace_content', replace_content: { new_str: '# Hi\nThere' } }, version: '2026-03-11' }),
};

describe('emulator: conformance with the shipped OpenAPI description', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, json: true } });
  ajv.addSchema(spec as object, 'spec');
  const ptr = (...parts: string[]) => `spec#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

  const operations = Object.entries(spec.paths).flatMap(([p, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'patch', 'delete'].includes(m))
      .map(([method, op]) => ({ path: p, method: method.toUpperCase(), op })),
  );

  async function call(method: string, template: string, s: Sample, dropParam?: string) {
    let url = template.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(s.params[name]));
    const q = new URLSearchParams(s.query ?? {});
    if (q.toString()) url += `?${q}`;
    const body = s.body && dropParam ? Object.fromEntries(Object.entries(s.body).filter(([k]) => k !== dropParam)) : s.body;
    const res = await fetch(`${emu.baseUrl}${url}`, {
      method,
      headers: { Authorization: 'Bearer secret_conformance', 'Notion-Version': s.version ?? '2025-09-03', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    control = new EmulatorControl(emu.baseUrl);
  });
  after(() => emu.close());

  it('knows every documented operation: implemented or deliberately left out', () => {
    const ids = operations.map((o) => o.op.operationId);
    assert.equal(ids.length, 24);
    for (const id of ids) assert.ok(samples[id] || NOT_IMPLEMENTED.has(id), `no sample for ${id}`);
    console.log(`      ${ids.length} documented operations; ${ids.filter((i) => samples[i]).length} implemented, left out: ${[...NOT_IMPLEMENTED].join(', ')}`);
  });

  for (const { path: p, method, op } of operations) {
    if (NOT_IMPLEMENTED.has(op.operationId)) continue;
    describe(`${method} ${p} (${op.operationId})`, () => {
      beforeEach(() => control.reset({ seed: 'demo' }));

      it('exists and answers 200 with a body valid against the documented schema', async () => {
        const s = samples[op.operationId]();
        const res = await call(method, p, s);
        assert.equal(res.status, 200, JSON.stringify(res.json));
        checkObjects(res.json, op.operationId);
        const schema = op.responses?.['200']?.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
        if (!schema) return;
        const validate = ajv.getSchema(ptr('paths', p, method.toLowerCase(), 'responses', '200', 'content', 'application/json', 'schema'))!;
        assert.ok(validate(res.json), `${op.operationId}: ${ajv.errorsText(validate.errors)}`);
        // The trimmed spec lists fields without `required`; every documented top-level field must still be served.
        for (const field of Object.keys(schema.properties ?? {})) assert.ok(field in res.json, `${op.operationId}: response lacks documented field ${field}`);
      });

      it('honours required parameters', async () => {
        const s = samples[op.operationId]();
        const params = (op.parameters ?? []).filter((x) => x.in === 'path' && x.required);
        for (const param of params) {
          if (param.name === 'property_id') continue; // any string is a property id
          const res = await call(method, p, { ...s, params: { ...s.params, [param.name!]: 'not-a-uuid' } });
          assert.equal(res.status, 400, `${op.operationId}: bad ${param.name} → ${JSON.stringify(res.json)}`);
          assert.equal(res.json.code, 'validation_error');
          const v400 = op.responses?.['400']?.content?.['application/json']?.schema;
          if (v400) {
            const validate = ajv.getSchema(ptr('paths', p, method.toLowerCase(), 'responses', '400', 'content', 'application/json', 'schema'))!;
            assert.ok(validate(res.json), ajv.errorsText(validate.errors));
          }
        }
        const requiredQuery = (op.parameters ?? []).filter((x) => x.in === 'query' && x.required);
        for (const param of requiredQuery) {
          const query = { ...(s.query ?? {}) };
          delete query[param.name!];
          const res = await call(method, p, { ...s, query });
          assert.equal(res.status, 400, `${op.operationId}: missing query ${param.name}`);
        }
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        for (const field of bodySchema?.required ?? []) {
          const res = await call(method, p, s, field);
          assert.equal(res.status, 400, `${op.operationId}: missing body.${field} → ${res.status} ${JSON.stringify(res.json)}`);
          assert.equal(res.json.object, 'error');
        }
        // Documented body fields are accepted by name (no unknown-field surprises).
        for (const field of Object.keys(s.body ?? {})) {
          assert.ok(!bodySchema?.properties || field in bodySchema.properties || op.operationId === 'update-a-block' || op.operationId === 'update-page-markdown', `${op.operationId}: sample uses undocumented body.${field}`);
        }
      });
    });
  }
});
