// The markdown endpoints with an optional `markdown_version`. SDK 5.26 has no
// typing for that field (5.29 adds it) and its typed methods drop unknown
// fields, so these calls go through the client's generic `request` with the
// SDK's own parameter types plus the version.
import type { Client, CreatePageParameters, CreatePageResponse } from '@notionhq/client';

type UpdatePageMarkdownParameters = Parameters<Client['pages']['updateMarkdown']>[0];

/** `v1` is Notion's enhanced markdown (its default today, deprecated); `v2` is Notion-flavored Markdown. */
export type MarkdownVersion = 'v1' | 'v2';

export interface RawPageMarkdown {
  markdown: string;
  truncated: boolean;
  unknown_block_ids?: string[];
  /** v2 PATCH: what the parser changed or ignored. Shape not documented. */
  warnings?: unknown[];
}

const versioned = (version: MarkdownVersion | undefined): Record<string, string> => (version ? { markdown_version: version } : {});

export function retrieveMarkdown(client: Client, pageId: string, version: MarkdownVersion | undefined): Promise<RawPageMarkdown> {
  return client.request<RawPageMarkdown>({ path: `pages/${pageId}/markdown`, method: 'get', query: versioned(version) });
}

export function updateMarkdown(
  client: Client,
  args: UpdatePageMarkdownParameters,
  version: MarkdownVersion | undefined,
): Promise<RawPageMarkdown> {
  const { page_id: pageId, ...body } = args;
  return client.request<RawPageMarkdown>({ path: `pages/${pageId}/markdown`, method: 'patch', body: { ...body, ...versioned(version) } });
}

/** `markdown_version` goes only with `markdown`: Notion answers 400 when it comes with `children`. */
export function createPage(client: Client, args: CreatePageParameters, version: MarkdownVersion | undefined): Promise<CreatePageResponse> {
  const withVersion = args.markdown !== undefined ? versioned(version) : {};
  return client.request<CreatePageResponse>({ path: 'pages', method: 'post', body: { ...args, ...withVersion } });
}
