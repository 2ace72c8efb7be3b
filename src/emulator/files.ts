// Notion-hosted files: bytes kept by the emulator and served over HTTP behind
// pre-signed URLs like Notion's S3 ones. Every read signs anew (the X-Amz-*
// parameters change, the path does not), and a URL really expires: an hour
// after signing, on the emulator's clock, the file server answers 403.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Json } from './json';
import type { Clock } from './time';

/** How long a signed URL stays valid (Notion: one hour). */
export const SIGNED_URL_TTL_S = 3600;
/** Where the emulator serves file bytes. */
export const FILES_PATH = '/files/';

export interface HostedFile {
  id: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
}

export class FileStore {
  readonly hosted = new Map<string, HostedFile>();
  /** Set by the server once it listens; signed URLs point at it. */
  baseUrl = 'http://127.0.0.1';
  private readonly secret = randomBytes(32);

  constructor(private readonly clock: Clock) {}

  /** Keeps bytes as a Notion-hosted file; returns its id (content-addressed, so a re-upload of the same bytes is the same file). */
  host(name: string, contentType: string, bytes: Buffer): string {
    const id = createHash('sha256').update(name).update('\0').update(bytes).digest('hex').slice(0, 32);
    this.hosted.set(id, { id, name, contentType, bytes });
    return id;
  }

  private signature(path: string, date: string, token: string): string {
    return createHmac('sha256', this.secret).update(`${path}\n${date}\n${SIGNED_URL_TTL_S}\n${token}`).digest('hex');
  }

  /** A fresh pre-signed URL for a hosted file, valid for an hour from now. */
  sign(fileId: string): { url: string; expiry_time: string } {
    const file = this.hosted.get(fileId);
    const path = `${FILES_PATH}${fileId}/${encodeURIComponent(file?.name ?? 'file')}`;
    const now = this.clock.now();
    const date = amzDate(now);
    const token = randomBytes(12).toString('hex');
    const q = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
      'X-Amz-Credential': `EMULATOR/${date.slice(0, 8)}/us-west-2/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(SIGNED_URL_TTL_S),
      'X-Amz-Security-Token': token,
      'X-Amz-Signature': this.signature(path, date, token),
      'X-Amz-SignedHeaders': 'host',
      'x-id': 'GetObject',
    });
    return { url: `${this.baseUrl}${path}?${q}`, expiry_time: new Date(Math.floor(now / 1000) * 1000 + SIGNED_URL_TTL_S * 1000).toISOString() };
  }

  /** The API view of a stored media payload: a hosted file gets a new signed URL on every read. */
  present(payload: Json): Json {
    const file = payload.file as Json | undefined;
    if (payload.type !== 'file' || typeof file?.file_id !== 'string') return payload;
    return { ...payload, file: this.sign(file.file_id) };
  }

  /** Checks a signed request for `path` (the URL path) and `query`; the file, or why it is refused. */
  verify(path: string, query: URLSearchParams): { file: HostedFile } | { code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'NoSuchKey'; message: string } {
    const id = path.slice(FILES_PATH.length).split('/')[0];
    const file = this.hosted.get(id);
    if (!file) return { code: 'NoSuchKey', message: 'The specified key does not exist.' };
    const date = query.get('X-Amz-Date') ?? '';
    const token = query.get('X-Amz-Security-Token') ?? '';
    const given = Buffer.from(query.get('X-Amz-Signature') ?? '', 'hex');
    const expected = Buffer.from(this.signature(`${FILES_PATH}${id}/${encodeURIComponent(file.name)}`, date, token), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
    if (this.clock.now() > parseAmzDate(date) + SIGNED_URL_TTL_S * 1000) return { code: 'AccessDenied', message: 'Request has expired' };
    return { file };
  }
}
