import type { Logger } from '../logger';
import type { SqlDb } from './sqlite';

/** What every table module needs: the database, a clock and a random source. */
export interface StoreContext {
  db: SqlDb;
  now: () => number;
  random: () => number;
  logger: Logger;
}
