// Plain node:http helpers: body reading with Notion's size limit, JSON replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, validationError } from './errors';

export const MAX_BODY_BYTES = 500 * 1024;

/** File upload sends carry up to 20 MB of bytes plus the form's framing. */
export const MAX_SEND_BYTES = 21 * 1024 * 1024;

export async function readBody(req: IncomingMessage, max = MAX_BODY_BYTES * 4): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) throw validationError('Request body too large.');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(buf: Buffer): unknown {
  if (buf.length > MAX_BODY_BYTES) throw validationError(`Request body exceeds the 500KB limit (${buf.length} bytes).`);
  if (buf.length === 0) return {};
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid_json', 'Error parsing JSON body.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
