// Row shapes of the state database, as the engine sees them (camelCase, parsed
// JSON). Timestamps are ms since the epoch unless the name says otherwise.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const QUEUE_OPERATIONS = ['insert', 'update', 'delete', 'move', 'restore', 'refresh_project', 'pull_root', 'push'] as const;
export type QueueOperation = (typeof QUEUE_OPERATIONS)[number];
export const QUEUE_STATUSES = ['pending', 'processing', 'done', 'error', 'dead'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export type QueueSource = 'webhook' | 'poll' | 'user' | 'engine';

export interface QueueRow {
  id: number;
  operation: QueueOperation;
  notionId: string | null;
  localId: string | null;
  payload: JsonObject;
  status: QueueStatus;
  retryCount: number;
  maxRetries: number;
  nextAttemptAt: number;
  lastError: string | null;
  source: QueueSource;
  dedupeKey: string | null;
  createdAt: number;
  updatedAt: number;
  processedAt: number | null;
}

export interface EnqueueInput {
  operation: QueueOperation;
  notionId?: string | null;
  localId?: string | null;
  payload?: JsonObject;
  source?: QueueSource;
  /** Defaults to `${operation}:${notionId ?? localId}`; null turns coalescing off. */
  dedupeKey?: string | null;
  maxRetries?: number;
  /** Earliest attempt (ms epoch); defaults to now. */
  nextAttemptAt?: number;
}

export interface QueueQuery {
  status?: QueueStatus | QueueStatus[];
  dueBefore?: number;
  limit?: number;
}

export interface MarkFailedOptions {
  retryable?: boolean;
  /** A server's Retry-After, used as a floor under the backoff delay. */
  retryAfterMs?: number;
}

export type QueueCounts = Record<QueueStatus, number>;

export type NotionType = 'page' | 'database' | 'data_source';
export type MapState = 'synced' | 'modified' | 'conflict' | 'pending' | 'error' | 'trashed';

/** A mapping's place, without the rest of its row. */
export type MapPath = Pick<MapRow, 'notionId' | 'path' | 'state'>;

export interface MapRow {
  localId: string;
  notionId: string;
  notionType: NotionType;
  rootId: string | null;
  parentNotionId: string | null;
  /** Workspace-relative posix path. */
  path: string;
  title: string | null;
  url: string | null;
  remoteHash: string | null;
  localHash: string | null;
  /** Notion's ISO `last_edited_time` (minute precision). */
  notionLastEditedTime: string | null;
  /** Last time Notion's content was written locally. */
  publishedAt: number | null;
  /** Last time both sides were verified equal. */
  syncedAt: number | null;
  state: MapState;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** upsertMap input: fields left undefined keep their stored value (or default). */
export type MapInput = Pick<MapRow, 'localId'> &
  Partial<Omit<MapRow, 'localId' | 'createdAt' | 'updatedAt'>>;

export interface MapQuery {
  rootId?: string;
  state?: MapState | MapState[];
}

export type ConflictResolution = 'accept_remote' | 'keep_local' | 'merged';

export interface ConflictRow {
  id: number;
  localId: string;
  notionId: string | null;
  path: string;
  baseContent: string | null;
  localContent: string;
  remoteContent: string;
  baseHash: string | null;
  localHash: string;
  remoteHash: string;
  detectedAt: number;
  resolvedAt: number | null;
  resolution: ConflictResolution | null;
}

export interface ConflictInput {
  localId: string;
  notionId?: string | null;
  path: string;
  baseContent?: string | null;
  localContent: string;
  remoteContent: string;
  baseHash?: string | null;
  localHash: string;
  remoteHash: string;
  detectedAt?: number;
}

export interface DocumentRow {
  /** Stable local id (also the mapping's localId). */
  id: string;
  path: string;
  title: string | null;
  frontmatter: JsonObject;
  contentHash: string | null;
  size: number;
  mtimeMs: number;
  notionId: string | null;
  scannedAt: number;
  diagnostics: string[];
}

export type DocumentInput = Pick<DocumentRow, 'id' | 'path'> & Partial<Omit<DocumentRow, 'id' | 'path'>>;

export interface BaseRow {
  localId: string;
  content: string;
  hash: string;
  updatedAt: number;
}

export interface ProjectRow {
  /** Notion database id. */
  id: string;
  dataSourceId: string | null;
  title: string | null;
  url: string | null;
  rootId: string | null;
  folder: string | null;
  schema: JsonObject;
  lastSyncedAt: number | null;
}

export type ProjectInput = Pick<ProjectRow, 'id'> & Partial<Omit<ProjectRow, 'id'>>;

export interface TaskRow {
  notionId: string;
  projectId: string;
  title: string | null;
  status: string | null;
  /** ISO date (or date-time) as Notion gives it. */
  dueDate: string | null;
  assignees: string[];
  path: string | null;
  updatedAt: number;
}

export type TaskInput = Pick<TaskRow, 'notionId' | 'projectId'> & Partial<Omit<TaskRow, 'notionId' | 'projectId'>>;

export interface TaskStageRow {
  id: number;
  notionId: string;
  projectId: string;
  fromStatus: string | null;
  toStatus: string | null;
  changedAt: number;
}

export type ResourceKind = 'link' | 'bookmark' | 'embed' | 'image' | 'file' | 'video' | 'audio' | 'pdf';

export interface ResourceRow {
  id: number;
  pageNotionId: string;
  kind: ResourceKind;
  url: string;
  title: string | null;
}

export interface ResourceInput {
  kind: ResourceKind;
  url: string;
  title?: string | null;
}

/**
 * Where a media file stands: `synced` (local copy = Notion's file), `error`
 * (the last download failed; any earlier copy is kept), `uploaded` (local file
 * sent to Notion, not yet in the page), `placed` (in the page as a placeholder
 * block, the upload not yet attached to it).
 */
export type MediaState = 'synced' | 'error' | 'uploaded' | 'placed';

/** A media file of a synced page: its local copy and its Notion block. */
export interface MediaRow extends ResourceRow {
  blockId: string | null;
  /** Workspace-relative path of the local copy. */
  localPath: string;
  /** sha-256 of the bytes last downloaded or uploaded. */
  hash: string | null;
  size: number | null;
  state: MediaState;
  uploadId: string | null;
  uploadExpiresAt: number | null;
  lastError: string | null;
  updatedAt: number;
  /** The local copy's mtime (whole ms) when it was last compared with `hash` (or written by a download); null until then. */
  mtimeMs: number | null;
}

export interface MediaInput {
  id?: number;
  pageNotionId: string;
  kind: ResourceKind;
  /** The Notion file's URL without signature, or the placeholder of a pending upload. */
  url: string;
  title?: string | null;
  blockId?: string | null;
  localPath: string;
  hash?: string | null;
  size?: number | null;
  state: MediaState;
  uploadId?: string | null;
  uploadExpiresAt?: number | null;
  lastError?: string | null;
  /** The local copy's mtime when it was last compared with `hash` (see MediaRow). */
  mtimeMs?: number | null;
}

export type SyncLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface SyncLogRow {
  id: number;
  createdAt: number;
  level: SyncLogLevel;
  operation: string | null;
  notionId: string | null;
  localId: string | null;
  message: string;
  details: JsonValue | null;
}

export interface SyncLogInput {
  level: SyncLogLevel;
  operation?: string | null;
  notionId?: string | null;
  localId?: string | null;
  message: string;
  details?: JsonValue;
}

export interface SyncLogQuery {
  limit: number;
  /** Only entries created at or after this time. */
  since?: number;
}
