// What one gateway instance remembers between calls: the title property of
// each data source it has read (creates need its name), and the pages it
// created itself (a duplicate check must never claim one of those again).
import { normaliseId, sameId } from './ids';

export class GatewayCache {
  private readonly titleProperty = new Map<string, string>();
  private readonly created = new Set<string>();

  noteTitleProperty(dataSourceId: string, name: string): void {
    this.titleProperty.set(normaliseId(dataSourceId), name);
  }

  titlePropertyOf(dataSourceId: string): string | undefined {
    return this.titleProperty.get(normaliseId(dataSourceId));
  }

  noteCreated(pageId: string): void {
    this.created.add(pageId);
  }

  wasCreated(pageId: string): boolean {
    return [...this.created].some((c) => sameId(c, pageId));
  }
}
