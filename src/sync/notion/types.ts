// Normalised shapes the engine sees. Each keeps the SDK's raw object, so the
// engine can reach a field we did not lift without another request.
import type {
  BlockObjectRequest,
  BlockObjectResponse,
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  PageObjectResponse,
} from '@notionhq/client';

export type RawPage = PageObjectResponse;
export type RawBlock = BlockObjectResponse;
export type RawDatabase = DatabaseObjectResponse;
export type RawDataSource = DataSourceObjectResponse;
/** A property value as a page response carries it (`{id, type, [type]: …}`). */
export type RawPropertyValue = PageObjectResponse['properties'][string];
/** A property's schema entry in a data source. */
export type RawPropertySchema = DataSourceObjectResponse['properties'][string];
export type PropertySchema = Record<string, RawPropertySchema>;
/** A block as the append endpoint accepts it. */
export type BlockRequest = BlockObjectRequest;

export type ParentKind = 'page' | 'data_source' | 'database' | 'workspace' | 'block';

export interface NotionParent {
  type: ParentKind;
  /** Empty string for the workspace. */
  id: string;
  /** Set when the parent is a data source: the database holding it. */
  databaseId?: string;
}

export interface NotionPage {
  object: 'page';
  id: string;
  url: string;
  title: string;
  parent: NotionParent;
  createdTime: string;
  lastEditedTime: string;
  inTrash: boolean;
  properties: RawPage['properties'];
  icon?: { type: 'emoji'; emoji: string } | { type: 'url'; url: string } | { type: 'other' };
  raw: RawPage;
}

export interface NotionDataSource {
  object: 'data_source';
  id: string;
  databaseId: string;
  title: string;
  url: string;
  parent: NotionParent;
  createdTime: string;
  lastEditedTime: string;
  inTrash: boolean;
  properties: PropertySchema;
  raw: RawDataSource;
}

export interface NotionDatabase {
  object: 'database';
  id: string;
  title: string;
  url: string;
  dataSources: { id: string; name: string }[];
  parent: NotionParent;
  inTrash: boolean;
  raw: RawDatabase;
}

export interface NotionUser {
  id: string;
  name: string;
  type: 'person' | 'bot';
}

export interface PageMarkdown {
  markdown: string;
  truncated: boolean;
  unknownBlockIds: string[];
  /** v2 PATCH only: what Notion's parser changed or ignored (shape undocumented; kept as sent). */
  warnings?: unknown[];
}

/** Why a pulled body must not be pushed back over Notion. */
export interface Lossy {
  truncated: boolean;
  unknownBlockIds: string[];
}

export type ResourceKind = 'link' | 'image' | 'file' | 'video' | 'audio' | 'pdf' | 'bookmark' | 'embed';

export interface Resource {
  kind: ResourceKind;
  url: string;
  /** Link text, alt text or caption when there is one. */
  title?: string;
  /** The block it came from, when known. */
  blockId?: string;
}

/** A page body as the engine stores it: normalised markdown and its hash. */
export interface PulledBody {
  markdown: string;
  hash: string;
  /** Null when the markdown represents the whole page. */
  lossy: Lossy | null;
  resources: Resource[];
}

export interface ChildRef {
  id: string;
  title: string;
  type: 'page' | 'database';
}

export interface ResolvedRoot {
  kind: 'page' | 'database' | 'data_source';
  id: string;
  title: string;
  url: string;
}

export type CreateParent =
  | { type: 'page'; id: string }
  | { type: 'data_source'; id: string }
  | { type: 'workspace' };

export type MarkdownUpdate = { replace: string; allowDeletingContent?: boolean } | { edits: { oldStr: string; newStr: string }[] };

/** Request counters of one gateway instance; for logs and benchmarks. */
export interface GatewayStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  rateLimited: number;
  /** Milliseconds calls spent waiting for the shared limiter. */
  throttledMs: number;
}
