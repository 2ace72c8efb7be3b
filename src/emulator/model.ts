// The emulator's in-memory records. Serialisation to API JSON lives in serialize.ts.
import type { Json } from './json';
import type { RichText } from './richText';

export type Parent =
  | { kind: 'workspace' }
  | { kind: 'page'; id: string }
  | { kind: 'block'; id: string }
  | { kind: 'data_source'; id: string };

export interface Meta {
  id: string;
  createdTime: number;
  lastEditedTime: number;
  createdBy: string;
  lastEditedBy: string;
  inTrash: boolean;
}

/** A stored property value: `value` is what goes under the `[type]` key in responses. */
export interface PropValue {
  type: string;
  value: unknown;
}

export interface PageRec extends Meta {
  object: 'page';
  parent: Parent;
  /** Keyed by property name. */
  properties: Record<string, PropValue>;
  icon: Json | null;
  cover: Json | null;
}

export interface BlockRec extends Meta {
  object: 'block';
  parent: Parent;
  type: string;
  /** The `[type]` object of the block, without `children`. */
  payload: Json;
}

export interface DatabaseRec extends Meta {
  object: 'database';
  parent: Parent;
  title: RichText[];
  isInline: boolean;
  dataSourceIds: string[];
  icon: Json | null;
}

export interface PropSchema {
  id: string;
  name: string;
  type: string;
  /** The `[type]` configuration object (options, format, expression…). */
  config: Json;
}

export interface DataSourceRec extends Meta {
  object: 'data_source';
  databaseId: string;
  title: RichText[];
  properties: PropSchema[];
}

export interface UserRec {
  id: string;
  name: string;
  type: 'person' | 'bot';
  email?: string;
  avatarUrl: string | null;
}

/** A block tree to insert, already validated. */
export interface BlockInput {
  type: string;
  payload: Json;
  children: BlockInput[];
}

export type WebhookEventType =
  | 'page.created'
  | 'page.content_updated'
  | 'page.properties_updated'
  | 'page.moved'
  | 'page.deleted'
  | 'page.undeleted'
  | 'data_source.content_updated'
  | 'data_source.schema_updated';

/** One change in the workspace, as the webhook layer needs it. */
export interface ChangeEvent {
  type: WebhookEventType;
  entity: { id: string; type: 'page' | 'data_source' | 'database' | 'block' };
  parent: { id: string; type: string; data_source_id?: string };
  authorId: string;
  at: number;
  updatedBlocks?: string[];
  updatedProperties?: string[];
}
