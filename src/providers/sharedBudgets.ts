// Notion's request budget belongs to the integration (its token), not to a
// folder: two folders of a multi-root window syncing with one token at 180
// requests/minute each would send 360 and be answered 429. So the folders'
// engines draw from one limiter per token and API address, held while any of
// them is open.
import { createHash } from 'node:crypto';
import { BudgetLimiter } from '../sync/notion/budgetLimiter';
import type { Logger } from '../sync/logger';

interface Entry {
  limiter: BudgetLimiter;
  holders: number;
}

/** A limiter lent to one engine; `release` when the engine closes. */
export interface BudgetLease {
  readonly limiter: BudgetLimiter;
  release(): void;
}

export class SharedBudgets {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly logger: Logger) {}

  /**
   * The budget of this token at this address. The first folder to open sets its
   * size; a folder asking another size while it is held gets the one in use, and
   * the log says so (Notion grants one figure per integration).
   */
  lease(token: string, baseUrl: string, requestsPerMinute: number, who: string): BudgetLease {
    const key = `${createHash('sha256').update(token).digest('hex')} ${baseUrl}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { limiter: new BudgetLimiter({ requestsPerMinute }), holders: 0 };
      this.entries.set(key, entry);
    } else if (entry.limiter.ceiling !== Math.floor(requestsPerMinute)) {
      this.logger.warn(
        `${who}: requestsPerMinute ${requestsPerMinute} ignored: this token's budget of ${entry.limiter.ceiling}/minute is shared with the other folders that use it (set the same figure in each)`,
      );
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      limiter: held.limiter,
      release: () => {
        if (released) return;
        released = true;
        if (--held.holders === 0 && this.entries.get(key) === held) this.entries.delete(key);
      },
    };
  }

  /** Budgets held now (tests). */
  get size(): number {
    return this.entries.size;
  }
}
