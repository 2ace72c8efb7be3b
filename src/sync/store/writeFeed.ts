// Who wants to know that the state database changed: after every committed
// write, the names of the tables it wrote (from SQLite's update hook). The
// engine turns these into typed change events (engine/changes.ts).
import type { Logger } from '../logger';

export type WriteListener = (tables: ReadonlySet<string>) => void;

export class WriteFeed {
  private readonly listeners = new Set<WriteListener>();

  constructor(private readonly logger: Logger) {}

  on(listener: WriteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(tables: ReadonlySet<string>): void {
    if (tables.size === 0) return;
    for (const l of this.listeners) {
      try {
        l(tables);
      } catch (e) {
        // A listener's bug must not fail the write that was already committed.
        this.logger.error(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
