// Page objects carry at most 25 references per relation or people property
// (relations say `has_more`; people are cut silently). A list cut short must
// never reach a file, or a push would delete every reference past the 25th:
// such properties are read whole through the property-item endpoint.
import type { Client } from '@notionhq/client';
import type { NotionPage } from './types';

/** How many relation or people entries a page object holds at most. */
export const PAGE_OBJECT_LIST_CAP = 25;

type ListProperty = { id: string; type: 'relation' | 'people'; has_more?: boolean; relation?: unknown[]; people?: unknown[] };

/** Properties of the page whose list may have been cut: relations with `has_more`, people lists at the cap. */
export function cutLists(page: NotionPage): [string, ListProperty][] {
  const cut: [string, ListProperty][] = [];
  for (const [name, raw] of Object.entries(page.properties)) {
    const p = raw as unknown as ListProperty;
    if (p.type === 'relation' && (p.has_more === true || (p.relation?.length ?? 0) >= PAGE_OBJECT_LIST_CAP)) cut.push([name, p]);
    else if (p.type === 'people' && (p.people?.length ?? 0) >= PAGE_OBJECT_LIST_CAP) cut.push([name, p]);
  }
  return cut;
}

interface ItemPage {
  results: Record<string, unknown>[];
  next_cursor: string | null;
  has_more: boolean;
}

/** One page of a property's items (GET /v1/pages/{id}/properties/{prop_id}). */
export async function propertyItems(client: Client, pageId: string, propertyId: string, cursor: string | undefined): Promise<ItemPage> {
  const response = await client.pages.properties.retrieve({ page_id: pageId, property_id: propertyId, start_cursor: cursor, page_size: 100 });
  if (response.object !== 'list') return { results: [response as unknown as Record<string, unknown>], next_cursor: null, has_more: false };
  return response as unknown as ItemPage;
}
