// The journal where a pull announces a file write before making it (the why
// is in writeIntent.ts): appended and fsynced in groups (store/journal.ts),
// emptied once the state database holding the writes' state is flushed.
import { createHash } from 'node:crypto';
import { Journal } from '../store/journal';
import type { MapRow } from '../store/types';

export interface WriteIntent {
  localId: string;
  notionId: string;
  rootId: string | null;
  parentNotionId: string | null;
  path: string;
  title: string;
  url: string;
  /** Notion's last_edited_time of the version written (null: not known). */
  lastEdited: string | null;
  /**
   * When the pull read Notion's version (engine clock): the mapping's syncedAt.
   * Null for a rewrite that leaves it as it was (links made relative).
   */
  syncedAt: number | null;
  /** The base when it is not the text written (a page just created from the file: Notion's rendering of it). */
  base?: string;
  /** sha-256 of the exact text written (not fileHash: only the very bytes are the engine's). */
  sha: string;
}

export function exactHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class WriteIntents {
  /** Writes announced whose state is not committed yet: the journal is not emptied under them. */
  private inFlight = 0;

  constructor(private readonly journal: Journal<WriteIntent>) {}

  /** Resolves once the announcement is on disk; the caller makes the write, commits its state, then calls done(). */
  async announce(intent: WriteIntent): Promise<void> {
    this.inFlight++;
    try {
      await this.journal.append(intent);
    } catch (e) {
      this.inFlight--;
      throw e;
    }
  }

  /** The write's state is committed (or the write was not made). */
  done(): void {
    this.inFlight--;
  }

  /** Announces `intent`, then runs `fn` (which writes the file and commits its state). */
  async around<T>(intent: WriteIntent, fn: () => Promise<T>): Promise<T> {
    await this.announce(intent);
    try {
      return await fn();
    } finally {
      this.done();
    }
  }

  /** Empties the journal once `flush` has put the state it covers on disk; nothing to do when nothing was announced. */
  async settle(flush: () => Promise<void>): Promise<void> {
    if (this.inFlight > 0) return;
    await this.journal.checkpoint(flush);
  }

  read(): Promise<WriteIntent[]> {
    return this.journal.read();
  }
}

export function openWriteIntents(statePath: string): WriteIntents {
  return new WriteIntents(new Journal<WriteIntent>(`${statePath}.writes.jsonl`));
}

/** The announcement of `text` written as both the file and the base of the page `map` describes. */
export function intentForMap(map: MapRow, text: string): WriteIntent {
  return {
    localId: map.localId,
    notionId: map.notionId,
    rootId: map.rootId,
    parentNotionId: map.parentNotionId,
    path: map.path,
    title: map.title ?? '',
    url: map.url ?? '',
    lastEdited: map.notionLastEditedTime,
    syncedAt: null,
    sha: exactHash(text),
  };
}
