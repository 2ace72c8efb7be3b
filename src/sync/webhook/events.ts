// Notion webhook events: validation of the delivered JSON and the mapping of
// each event type to the sync operation the engine queues.
//
// Events are hints, not data: they carry ids only and may arrive late,
// aggregated, reordered or repeated, so an operation only names what to
// re-fetch; the engine decides what actually changed.

/** Every event type Notion documents (API 2025-09-03 / 2026-03-11, SDK 5.26). */
export const KNOWN_WEBHOOK_EVENT_TYPES = [
  'page.created',
  'page.content_updated',
  'page.properties_updated',
  'page.moved',
  'page.deleted',
  'page.undeleted',
  'page.locked',
  'page.unlocked',
  'page.transcription_block.transcript_deleted',
  'database.created',
  'database.content_updated',
  'database.schema_updated',
  'database.moved',
  'database.deleted',
  'database.undeleted',
  'data_source.created',
  'data_source.content_updated',
  'data_source.schema_updated',
  'data_source.moved',
  'data_source.deleted',
  'data_source.undeleted',
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'file_upload.created',
  'file_upload.completed',
  'file_upload.expired',
  'file_upload.upload_failed',
  'view.created',
  'view.updated',
  'view.deleted',
] as const;

export type KnownWebhookEventType = (typeof KNOWN_WEBHOOK_EVENT_TYPES)[number];
/** A known type, or a future one Notion adds (parsed, then ignored). */
export type WebhookEventType = KnownWebhookEventType | (string & {});

export interface WebhookRef {
  id: string;
  type: string;
}

export interface WebhookParent extends WebhookRef {
  /** Present from API 2025-09-03 on when the parent is a database's data source. */
  data_source_id?: string;
}

/** Schema changes of database.* / data_source.* `schema_updated`. */
export interface WebhookSchemaChange {
  id: string;
  name: string | null;
  action: string;
}

export interface WebhookEventData {
  parent?: WebhookParent;
  updated_blocks?: WebhookRef[];
  /** page.properties_updated: URL-encoded property ids; schema_updated: change records. */
  updated_properties?: Array<string | WebhookSchemaChange>;
  /** Other type-specific fields (comment page_id, view_type, file_import_result…), kept as sent. */
  [key: string]: unknown;
}

/**
 * The envelope of one delivery. `id`, `timestamp`, `type` and `entity` are
 * required (the engine needs them); the other envelope fields are always sent
 * by Notion but are not needed to sync, so their absence is tolerated. When
 * present they must have the documented types.
 */
export interface NotionWebhookEvent {
  /** Unique per event: the dedupe key. */
  id: string;
  /** ISO 8601; orders events, since delivery order is not guaranteed. */
  timestamp: string;
  type: WebhookEventType;
  entity: WebhookRef;
  data: WebhookEventData;
  workspace_id?: string;
  workspace_name?: string;
  subscription_id?: string;
  integration_id?: string;
  authors?: WebhookRef[];
  accessible_by?: WebhookRef[];
  /** 1 on first delivery, up to 8 on Notion's retries. */
  attempt_number?: number;
  api_version?: string;
}

export type WebhookOperationKind = 'insert' | 'update' | 'move' | 'delete' | 'restore' | 'refresh_project';

export interface WebhookOperation {
  operation: WebhookOperationKind;
  /** The page id, or for refresh_project the database / data source id. */
  notionId: string;
  payload: {
    eventId: string;
    eventType: string;
    timestamp: string;
    parentId?: string;
    dataSourceId?: string;
  };
}

/** Thrown by parseWebhookEvent; `path` names the offending field (`$` = the body). */
export class WebhookEventValidationError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`invalid webhook event: ${path} ${problem}`);
    this.name = 'WebhookEventValidationError';
  }
}

type Json = Record<string, unknown>;

// Notion ids are UUIDs; allow any short id-like token so a differently shaped
// id (an emulator's, a future format) still passes, but nothing that could
// smuggle whitespace or markup into logs and queries.
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const MAX_STRING = 1024;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, problem: string): never {
  throw new WebhookEventValidationError(path, problem);
}

function requireObject(value: unknown, path: string): Json {
  if (!isObject(value)) fail(path, 'must be an object');
  return value;
}

function requireId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) fail(path, 'must be an id (1-128 letters, digits, "-" or "_")');
  return value;
}

function optionalId(obj: Json, key: string, path: string): string | undefined {
  return obj[key] === undefined ? undefined : requireId(obj[key], `${path}.${key}`);
}

function optionalString(obj: Json, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_STRING) fail(`${path}.${key}`, 'must be a string');
  return value;
}

function requireRef(value: unknown, path: string): WebhookRef {
  const obj = requireObject(value, path);
  const type = obj.type;
  if (typeof type !== 'string' || type.length === 0 || type.length > 64) fail(`${path}.type`, 'must be a non-empty string');
  return { id: requireId(obj.id, `${path}.id`), type };
}

function optionalRefs(obj: Json, key: string, path: string): WebhookRef[] | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(`${path}.${key}`, 'must be an array');
  return value.map((item, i) => requireRef(item, `${path}.${key}[${i}]`));
}

function parseData(value: unknown): WebhookEventData {
  // Notion always sends `data`; an absent one is read as empty rather than
  // rejecting an otherwise usable hint.
  if (value === undefined) return {};
  const obj = requireObject(value, '$.data');
  const data: WebhookEventData = { ...obj };
  if (obj.parent !== undefined) {
    const parent: WebhookParent = requireRef(obj.parent, '$.data.parent');
    const dataSourceId = optionalId(requireObject(obj.parent, '$.data.parent'), 'data_source_id', '$.data.parent');
    if (dataSourceId !== undefined) parent.data_source_id = dataSourceId;
    data.parent = parent;
  }
  const blocks = optionalRefs(obj, 'updated_blocks', '$.data');
  if (blocks !== undefined) data.updated_blocks = blocks;
  if (obj.updated_properties !== undefined) {
    if (!Array.isArray(obj.updated_properties)) fail('$.data.updated_properties', 'must be an array');
    data.updated_properties = obj.updated_properties.map((item: unknown, i) => {
      const path = `$.data.updated_properties[${i}]`;
      if (typeof item === 'string') return item;
      const change = requireObject(item, path);
      const name = change.name;
      if (name !== null && typeof name !== 'string') fail(`${path}.name`, 'must be a string or null');
      if (typeof change.action !== 'string') fail(`${path}.action`, 'must be a string');
      // Property ids are URL-encoded strings like "XGe%40", not UUIDs.
      if (typeof change.id !== 'string' || change.id.length === 0) fail(`${path}.id`, 'must be a non-empty string');
      return { id: change.id, name, action: change.action };
    });
  }
  return data;
}

/**
 * Validates a parsed webhook body and returns it as an event.
 * Throws WebhookEventValidationError naming the first bad field.
 */
export function parseWebhookEvent(json: unknown): NotionWebhookEvent {
  const obj = requireObject(json, '$');
  const id = requireId(obj.id, '$.id');
  const type = obj.type;
  if (typeof type !== 'string' || type.length > 128 || !TYPE_PATTERN.test(type)) {
    fail('$.type', 'must be an event type such as "page.created"');
  }
  const timestamp = obj.timestamp;
  if (typeof timestamp !== 'string' || timestamp.length > 64 || !/^\d{4}-\d{2}-\d{2}T/.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    fail('$.timestamp', 'must be an ISO 8601 date-time');
  }
  const event: NotionWebhookEvent = {
    id,
    timestamp,
    type,
    entity: requireRef(obj.entity, '$.entity'),
    data: parseData(obj.data),
  };
  for (const key of ['workspace_id', 'subscription_id', 'integration_id'] as const) {
    const value = optionalId(obj, key, '$');
    if (value !== undefined) event[key] = value;
  }
  const workspaceName = optionalString(obj, 'workspace_name', '$');
  if (workspaceName !== undefined) event.workspace_name = workspaceName;
  const apiVersion = optionalString(obj, 'api_version', '$');
  if (apiVersion !== undefined) event.api_version = apiVersion;
  const authors = optionalRefs(obj, 'authors', '$');
  if (authors !== undefined) event.authors = authors;
  const accessibleBy = optionalRefs(obj, 'accessible_by', '$');
  if (accessibleBy !== undefined) event.accessible_by = accessibleBy;
  if (obj.attempt_number !== undefined) {
    const n = obj.attempt_number;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('$.attempt_number', 'must be a positive integer');
    event.attempt_number = n;
  }
  return event;
}

const PAGE_OPERATIONS: Record<string, WebhookOperationKind> = {
  'page.created': 'insert',
  'page.content_updated': 'update',
  'page.properties_updated': 'update',
  // Deleting a meeting-notes transcript changes the page's content.
  'page.transcription_block.transcript_deleted': 'update',
  'page.moved': 'move',
  'page.deleted': 'delete',
  'page.undeleted': 'restore',
};

/**
 * The operation to queue for an event, or null for events that need no sync
 * work (page.locked/unlocked, comment.*, file_upload.*, view.*, and types this
 * version does not know).
 */
export function eventToOperation(event: NotionWebhookEvent): WebhookOperation | null {
  const payload: WebhookOperation['payload'] = { eventId: event.id, eventType: event.type, timestamp: event.timestamp };
  const parent = event.data.parent;
  if (parent) payload.parentId = parent.id;

  const pageOperation = PAGE_OPERATIONS[event.type];
  if (pageOperation !== undefined) {
    if (parent?.data_source_id) payload.dataSourceId = parent.data_source_id;
    return { operation: pageOperation, notionId: event.entity.id, payload };
  }
  if (event.type.startsWith('data_source.')) {
    payload.dataSourceId = event.entity.id;
    return { operation: 'refresh_project', notionId: event.entity.id, payload };
  }
  if (event.type.startsWith('database.')) {
    // No dataSourceId: parent.data_source_id here would name the *parent's*
    // source; the engine lists this database's own data sources when it refreshes.
    return { operation: 'refresh_project', notionId: event.entity.id, payload };
  }
  return null;
}

/** Body of Notion's one-time subscription verification request. */
export interface VerificationHandshake {
  verification_token: string;
}

/**
 * True for `{"verification_token": "…"}` and nothing else: an object whose only
 * key is a printable token of sane length.
 */
export function isVerificationHandshake(json: unknown): json is VerificationHandshake {
  if (!isObject(json)) return false;
  const keys = Object.keys(json);
  if (keys.length !== 1 || keys[0] !== 'verification_token') return false;
  const token = json.verification_token;
  return typeof token === 'string' && /^[\x21-\x7e]{8,512}$/.test(token);
}
