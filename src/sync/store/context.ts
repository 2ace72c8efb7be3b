import type { Logger } from '../logger';
import type { SqlDb } from './sqlite';
import type { WriteFeed } from './writeFeed';

/** What every table module needs: the database, a clock, a random source and the write feed. */
export interface StoreContext {
  db: SqlDb;
  now: () => number;
  random: () => number;
  logger: Logger;
  /** Told the tables of every committed write. */
  writes: WriteFeed;
}
