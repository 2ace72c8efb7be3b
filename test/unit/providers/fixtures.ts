// Row builders for the providers' pure tests.
import type { ConflictRow, MapRow, QueueRow } from '../../../src/sync/store/types';

export const NOW = Date.parse('2026-11-24T12:00:00Z');

export function mapRow(over: Partial<MapRow> & Pick<MapRow, 'path'>): MapRow {
  return {
    localId: `notion:${over.notionId ?? over.path}`,
    notionId: over.notionId ?? `id-${over.path}`,
    notionType: 'page',
    rootId: null,
    parentNotionId: null,
    title: null,
    url: null,
    remoteHash: 'r',
    localHash: 'l',
    notionLastEditedTime: null,
    publishedAt: null,
    syncedAt: null,
    state: 'synced',
    lastError: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  };
}

export function queueRow(over: Partial<QueueRow> & Pick<QueueRow, 'id'>): QueueRow {
  return {
    operation: 'update',
    notionId: 'aaaa',
    localId: null,
    payload: {},
    status: 'pending',
    retryCount: 0,
    maxRetries: 8,
    nextAttemptAt: NOW,
    lastError: null,
    source: 'poll',
    dedupeKey: null,
    createdAt: NOW,
    updatedAt: NOW,
    processedAt: null,
    ...over,
  };
}

export function conflictRow(over: Partial<ConflictRow> & Pick<ConflictRow, 'id' | 'path'>): ConflictRow {
  return {
    localId: `notion:${over.id}`,
    notionId: null,
    baseContent: 'base',
    localContent: 'local',
    remoteContent: 'remote',
    baseHash: 'b',
    localHash: 'l',
    remoteHash: 'r',
    detectedAt: NOW - 5 * 60_000,
    resolvedAt: null,
    resolution: null,
    ...over,
  };
}
