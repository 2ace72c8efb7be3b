// Notion ids: UUIDs, accepted with or without dashes, served dashed and lower-case.
import { createHash, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** A stable id derived from a name, so seeded objects keep their ids across restarts. */
export function stableId(name: string): string {
  const hex = createHash('sha256').update(`notion-sync-emulator:${name}`).digest('hex').slice(0, 32);
  return dash(`${hex.slice(0, 12)}4${hex.slice(13, 16)}8${hex.slice(17)}`);
}

function dash(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The canonical form of an id, or undefined when it is not a Notion id. */
export function normalizeId(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const hex = raw.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return dash(hex);
}

/** Short property ids like Notion's (`title` is always `title`). */
export function newPropertyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>?@[]^_`{|}~';
  const bytes = createHash('sha256').update(randomUUID()).digest();
  let out = '';
  for (let i = 0; i < 4; i++) out += alphabet[bytes[i] % alphabet.length];
  return encodeURIComponent(out);
}

/** A page's URL; `app.notion.com` is the newer host, which puts pages under `/p/`. */
export function notionUrl(title: string, id: string, host: 'www.notion.so' | 'app.notion.com' = 'www.notion.so'): string {
  const slug = title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const base = host === 'app.notion.com' ? 'https://app.notion.com/p/' : 'https://www.notion.so/';
  return `${base}${slug ? `${slug}-` : ''}${id.replace(/-/g, '')}`;
}
