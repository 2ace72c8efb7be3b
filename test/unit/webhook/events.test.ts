import assert from 'node:assert/strict';
import {
  eventToOperation,
  isVerificationHandshake,
  KNOWN_WEBHOOK_EVENT_TYPES,
  parseWebhookEvent,
  WebhookEventValidationError,
  type WebhookOperationKind,
} from '../../../src/sync/webhook/events';

const PAGE = '1a2b3c4d-0000-4000-8000-00000000a001';
const PARENT = '1a2b3c4d-0000-4000-8000-00000000b002';
const SOURCE = '1a2b3c4d-0000-4000-8000-00000000c003';
const DB = '1a2b3c4d-0000-4000-8000-00000000d004';

/** A delivery shaped like Notion's docs and the SDK's payload types. */
function envelope(type: string, entity: { id: string; type: string }, data: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'e0e0e0e0-1111-4222-8333-444444444444',
    timestamp: '2026-11-24T10:15:30.123Z',
    workspace_id: '0c0c0c0c-1111-4222-8333-555555555555',
    workspace_name: 'Docs team',
    subscription_id: '5b5b5b5b-1111-4222-8333-666666666666',
    integration_id: '7d7d7d7d-1111-4222-8333-777777777777',
    type,
    authors: [{ id: '9f9f9f9f-1111-4222-8333-888888888888', type: 'person' }],
    attempt_number: 1,
    api_version: '2025-09-03',
    entity,
    data,
  };
}

const pageParent = { parent: { id: PARENT, type: 'database', data_source_id: SOURCE } };

// Every type in notes/notion-api.md §1 with the data it carries, and the
// operation expected (null = acknowledged and ignored).
const cases: Array<[string, { id: string; type: string }, Record<string, unknown>, WebhookOperationKind | null]> = [
  ['page.created', { id: PAGE, type: 'page' }, pageParent, 'insert'],
  ['page.content_updated', { id: PAGE, type: 'page' }, { ...pageParent, updated_blocks: [{ id: PARENT, type: 'block' }] }, 'update'],
  ['page.properties_updated', { id: PAGE, type: 'page' }, { ...pageParent, updated_properties: ['XGe%40', 'title'] }, 'update'],
  ['page.moved', { id: PAGE, type: 'page' }, pageParent, 'move'],
  ['page.deleted', { id: PAGE, type: 'page' }, pageParent, 'delete'],
  ['page.undeleted', { id: PAGE, type: 'page' }, pageParent, 'restore'],
  ['page.locked', { id: PAGE, type: 'page' }, pageParent, null],
  ['page.unlocked', { id: PAGE, type: 'page' }, pageParent, null],
  ['page.transcription_block.transcript_deleted', { id: PAGE, type: 'page' }, { target: { id: PARENT, type: 'block' }, transcript_id: null }, 'update'],
  ['database.created', { id: DB, type: 'database' }, { parent: { id: PARENT, type: 'page' } }, 'refresh_project'],
  ['database.content_updated', { id: DB, type: 'database' }, { parent: { id: PARENT, type: 'page' }, updated_blocks: [{ id: PAGE, type: 'page' }] }, 'refresh_project'],
  ['database.schema_updated', { id: DB, type: 'database' }, { parent: { id: PARENT, type: 'page' }, updated_properties: [{ id: 'a%3Ab', name: 'Due', action: 'created' }, { id: 'zz', name: null, action: 'deleted' }] }, 'refresh_project'],
  ['database.moved', { id: DB, type: 'block' }, { parent: { id: PARENT, type: 'page' } }, 'refresh_project'],
  ['database.deleted', { id: DB, type: 'database' }, { parent: { id: PARENT, type: 'page' } }, 'refresh_project'],
  ['database.undeleted', { id: DB, type: 'database' }, { parent: { id: PARENT, type: 'page' } }, 'refresh_project'],
  ['data_source.created', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' } }, 'refresh_project'],
  ['data_source.content_updated', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' }, updated_blocks: [{ id: PAGE, type: 'page' }] }, 'refresh_project'],
  ['data_source.schema_updated', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' }, updated_properties: [{ id: 'a%3Ab', name: 'Stage', action: 'updated' }] }, 'refresh_project'],
  ['data_source.moved', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' } }, 'refresh_project'],
  ['data_source.deleted', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' } }, 'refresh_project'],
  ['data_source.undeleted', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' } }, 'refresh_project'],
  ['comment.created', { id: 'c0c0c0c0-0000-4000-8000-000000000001', type: 'comment' }, { parent: { id: PAGE, type: 'page' }, page_id: PAGE }, null],
  ['comment.updated', { id: 'c0c0c0c0-0000-4000-8000-000000000001', type: 'comment' }, { parent: { id: PAGE, type: 'page' }, page_id: PAGE }, null],
  ['comment.deleted', { id: 'c0c0c0c0-0000-4000-8000-000000000001', type: 'comment' }, { parent: { id: PAGE, type: 'page' }, page_id: PAGE }, null],
  ['file_upload.created', { id: 'f0f0f0f0-0000-4000-8000-000000000001', type: 'file_upload' }, {}, null],
  ['file_upload.completed', { id: 'f0f0f0f0-0000-4000-8000-000000000001', type: 'file_upload' }, {}, null],
  ['file_upload.expired', { id: 'f0f0f0f0-0000-4000-8000-000000000001', type: 'file_upload' }, {}, null],
  ['file_upload.upload_failed', { id: 'f0f0f0f0-0000-4000-8000-000000000001', type: 'file_upload' }, { file_import_result: { type: 'error', imported_time: '2026-11-24T10:00:00.000Z', error: { type: 'upload_error', code: 'x', message: 'm', parameter: null, status_code: null } } }, null],
  ['view.created', { id: 'a0a0a0a0-0000-4000-8000-000000000001', type: 'view' }, { parent: { id: DB, type: 'database' }, view_type: 'table' }, null],
  ['view.updated', { id: 'a0a0a0a0-0000-4000-8000-000000000001', type: 'view' }, { parent: { id: DB, type: 'database' }, updated_fields: ['filter'] }, null],
  ['view.deleted', { id: 'a0a0a0a0-0000-4000-8000-000000000001', type: 'view' }, { parent: { id: DB, type: 'database' } }, null],
];

describe('webhook events: eventToOperation', () => {
  it('covers every known event type', () => {
    assert.deepEqual(cases.map((c) => c[0]).sort(), [...KNOWN_WEBHOOK_EVENT_TYPES].sort());
  });

  for (const [type, entity, data, expected] of cases) {
    it(`${type} → ${expected ?? 'null (ignored)'}`, () => {
      const event = parseWebhookEvent(envelope(type, entity, data));
      const op = eventToOperation(event);
      if (expected === null) {
        assert.equal(op, null);
        return;
      }
      assert.ok(op);
      assert.equal(op.operation, expected);
      assert.equal(op.notionId, entity.id);
      assert.equal(op.payload.eventId, 'e0e0e0e0-1111-4222-8333-444444444444');
      assert.equal(op.payload.eventType, type);
      assert.equal(op.payload.timestamp, '2026-11-24T10:15:30.123Z');
      const parent = data.parent as { id: string } | undefined;
      assert.equal(op.payload.parentId, parent?.id);
    });
  }

  it('page events carry the parent data source; data_source events name themselves; database events name none', () => {
    const page = eventToOperation(parseWebhookEvent(envelope('page.created', { id: PAGE, type: 'page' }, pageParent)));
    assert.equal(page?.payload.dataSourceId, SOURCE);
    const plainPage = eventToOperation(parseWebhookEvent(envelope('page.moved', { id: PAGE, type: 'page' }, { parent: { id: PARENT, type: 'page' } })));
    assert.equal(plainPage?.payload.dataSourceId, undefined);
    assert.ok(plainPage && !('dataSourceId' in plainPage.payload));
    const source = eventToOperation(parseWebhookEvent(envelope('data_source.schema_updated', { id: SOURCE, type: 'data_source' }, { parent: { id: DB, type: 'database' } })));
    assert.equal(source?.payload.dataSourceId, SOURCE);
    const db = eventToOperation(parseWebhookEvent(envelope('database.moved', { id: DB, type: 'database' }, { parent: { id: PARENT, type: 'page', data_source_id: SOURCE } })));
    assert.equal(db?.notionId, DB);
    assert.equal(db?.payload.dataSourceId, undefined);
  });

  it('an event type this version does not know is parsed and ignored', () => {
    const event = parseWebhookEvent(envelope('page.archived_forever', { id: PAGE, type: 'page' }, pageParent));
    assert.equal(event.type, 'page.archived_forever');
    assert.equal(eventToOperation(event), null);
    assert.equal(eventToOperation(parseWebhookEvent(envelope('agent.ran', { id: PAGE, type: 'agent' }, {}))), null);
  });
});

describe('webhook events: parseWebhookEvent', () => {
  const valid = () => envelope('page.created', { id: PAGE, type: 'page' }, pageParent);

  it('keeps the envelope and data as sent', () => {
    const event = parseWebhookEvent(valid());
    assert.deepEqual(event, valid());
  });

  it('tolerates missing metadata but not missing essentials', () => {
    const minimal = { id: 'evt-1', timestamp: '2026-11-24T10:15:30Z', type: 'page.moved', entity: { id: PAGE, type: 'page' } };
    const event = parseWebhookEvent(minimal);
    assert.deepEqual(event.data, {});
    assert.equal(eventToOperation(event)?.operation, 'move');
  });

  const malformed: Array<[string, unknown, string]> = [
    ['null', null, '$'],
    ['an array', [valid()], '$'],
    ['a string', 'page.created', '$'],
    ['a number', 42, '$'],
    ['the handshake', { verification_token: 'secret_abc123xyz' }, '$.id'],
    ['no id', { ...valid(), id: undefined }, '$.id'],
    ['empty id', { ...valid(), id: '' }, '$.id'],
    ['numeric id', { ...valid(), id: 7 }, '$.id'],
    ['id with spaces', { ...valid(), id: 'a b' }, '$.id'],
    ['id with markup', { ...valid(), id: '<script>' }, '$.id'],
    ['over-long id', { ...valid(), id: 'a'.repeat(129) }, '$.id'],
    ['no type', { ...valid(), type: undefined }, '$.type'],
    ['type without a dot', { ...valid(), type: 'page' }, '$.type'],
    ['type in capitals', { ...valid(), type: 'Page.Created' }, '$.type'],
    ['no timestamp', { ...valid(), timestamp: undefined }, '$.timestamp'],
    ['timestamp not a date', { ...valid(), timestamp: 'yesterday' }, '$.timestamp'],
    ['timestamp as epoch number', { ...valid(), timestamp: 1764000000000 }, '$.timestamp'],
    ['impossible date', { ...valid(), timestamp: '2026-13-45T99:00:00Z' }, '$.timestamp'],
    ['no entity', { ...valid(), entity: undefined }, '$.entity'],
    ['entity as string', { ...valid(), entity: PAGE }, '$.entity'],
    ['entity without id', { ...valid(), entity: { type: 'page' } }, '$.entity.id'],
    ['entity without type', { ...valid(), entity: { id: PAGE } }, '$.entity.type'],
    ['data as array', { ...valid(), data: [] }, '$.data'],
    ['parent as string', { ...valid(), data: { parent: PARENT } }, '$.data.parent'],
    ['parent with bad id', { ...valid(), data: { parent: { id: '../x', type: 'page' } } }, '$.data.parent.id'],
    ['bad data_source_id', { ...valid(), data: { parent: { id: PARENT, type: 'database', data_source_id: 5 } } }, '$.data.parent.data_source_id'],
    ['updated_blocks not an array', { ...valid(), data: { updated_blocks: { id: PAGE } } }, '$.data.updated_blocks'],
    ['updated_blocks item without type', { ...valid(), data: { updated_blocks: [{ id: PAGE }] } }, '$.data.updated_blocks[0].type'],
    ['updated_properties not an array', { ...valid(), data: { updated_properties: 'title' } }, '$.data.updated_properties'],
    ['updated_properties item a number', { ...valid(), data: { updated_properties: ['ok', 3] } }, '$.data.updated_properties[1]'],
    ['schema change without action', { ...valid(), data: { updated_properties: [{ id: 'x', name: 'N' }] } }, '$.data.updated_properties[0].action'],
    ['authors not an array', { ...valid(), authors: 'me' }, '$.authors'],
    ['author without id', { ...valid(), authors: [{ type: 'person' }] }, '$.authors[0].id'],
    ['attempt_number zero', { ...valid(), attempt_number: 0 }, '$.attempt_number'],
    ['attempt_number fractional', { ...valid(), attempt_number: 1.5 }, '$.attempt_number'],
    ['attempt_number string', { ...valid(), attempt_number: '1' }, '$.attempt_number'],
    ['workspace_id not an id', { ...valid(), workspace_id: {} }, '$.workspace_id'],
    ['workspace_name a number', { ...valid(), workspace_name: 3 }, '$.workspace_name'],
    ['api_version a number', { ...valid(), api_version: 2025 }, '$.api_version'],
  ];

  for (const [name, input, path] of malformed) {
    it(`rejects ${name} at ${path}`, () => {
      assert.throws(
        () => parseWebhookEvent(input),
        (err: unknown) => {
          assert.ok(err instanceof WebhookEventValidationError);
          assert.equal(err.path, path);
          assert.match(err.message, /^invalid webhook event: \$/);
          return true;
        },
      );
    });
  }

  it('does not let type-specific fields overwrite the validated ones', () => {
    const event = parseWebhookEvent({ ...valid(), data: { ...pageParent, extra: { nested: true } } });
    assert.deepEqual(event.data.extra, { nested: true });
    assert.equal(event.data.parent?.data_source_id, SOURCE);
  });
});

describe('webhook events: isVerificationHandshake', () => {
  it('accepts only a lone printable token', () => {
    assert.equal(isVerificationHandshake({ verification_token: 'secret_AbC123xyz' }), true);
    assert.equal(isVerificationHandshake({ verification_token: 'secret_AbC123xyz', id: 'x' }), false);
    assert.equal(isVerificationHandshake({ verification_token: '' }), false);
    assert.equal(isVerificationHandshake({ verification_token: 'short' }), false);
    assert.equal(isVerificationHandshake({ verification_token: 'secret with space' }), false);
    assert.equal(isVerificationHandshake({ verification_token: 'secret_\nnewline' }), false);
    assert.equal(isVerificationHandshake({ verification_token: 'x'.repeat(513) }), false);
    assert.equal(isVerificationHandshake({ verification_token: 12345678 }), false);
    assert.equal(isVerificationHandshake(['secret_AbC123xyz']), false);
    assert.equal(isVerificationHandshake(null), false);
  });
});
