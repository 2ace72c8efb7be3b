// The File Upload API's records (notes/notion-markdown-v2.md §6): create,
// send (single part, or 5–20 MB parts for paid plans), complete, attach by id.
// An upload not attached within an hour of its creation (emulator clock)
// expires; once attached it is permanent and reusable.
import { validationError } from './errors';
import type { FileStore } from './files';
import { newId } from './ids';
import type { Json } from './json';
import type { Knobs } from './knobs';
import type { Clock } from './time';

export const MB = 1024 * 1024;
export const SINGLE_PART_MAX = 20 * MB;
export const PART_MIN = 5 * MB;
export const PART_MAX = 20 * MB;
export const UPLOAD_TTL_MS = 3_600_000;
/** Per-file limits by plan: Free 5 MiB, paid 5 GiB. */
export const PLAN_FILE_LIMIT = { free: 5 * MB, paid: 5 * 1024 * MB } as const;

export type UploadStatus = 'pending' | 'uploaded' | 'expired' | 'failed';

export interface UploadRec {
  id: string;
  createdTime: number;
  lastEditedTime: number;
  createdBy: string;
  mode: 'single_part' | 'multi_part';
  filename: string | null;
  contentType: string | null;
  parts: Map<number, Buffer>;
  totalParts: number;
  contentLength: number | null;
  uploaded: boolean;
  attached: boolean;
  fileId?: string;
}

const EXTENSION_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml', pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', mp3: 'audio/mpeg', mp4: 'video/mp4', json: 'application/json' };

export function typeFromName(name: string | null): string | undefined {
  const ext = name?.split('.').pop()?.toLowerCase();
  return ext ? EXTENSION_TYPES[ext] : undefined;
}

export class UploadStore {
  readonly records = new Map<string, UploadRec>();

  constructor(
    private readonly clock: Clock,
    private readonly knobs: Knobs,
    private readonly files: FileStore,
  ) {}

  limit(): number {
    return PLAN_FILE_LIMIT[this.knobs.plan];
  }

  status(u: UploadRec): UploadStatus {
    if (u.uploaded) return u.attached || this.clock.now() <= u.createdTime + UPLOAD_TTL_MS ? 'uploaded' : 'expired';
    return this.clock.now() > u.createdTime + UPLOAD_TTL_MS ? 'expired' : 'pending';
  }

  create(body: Json, actor: string): UploadRec {
    const mode = body.mode ?? 'single_part';
    if (mode === 'external_url') throw validationError('The emulator cannot reach the internet: mode external_url is not supported; upload the bytes with single_part or multi_part.');
    if (mode !== 'single_part' && mode !== 'multi_part') throw validationError('body failed validation: body.mode should be `"single_part"`, `"multi_part"` or `"external_url"`.');
    const filename = typeof body.filename === 'string' ? body.filename : null;
    if (filename !== null && Buffer.byteLength(filename) > 900) throw validationError('body failed validation: body.filename should be at most 900 bytes.');
    let totalParts = 1;
    if (mode === 'multi_part') {
      if (this.knobs.plan !== 'paid') throw validationError('Multi-part uploads are available to API bots in paid workspaces only.');
      if (!filename) throw validationError('body failed validation: body.filename is required for multi_part uploads.');
      const n = Number(body.number_of_parts);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw validationError('body failed validation: body.number_of_parts should be an integer between 1 and 10000.');
      totalParts = n;
    }
    const now = this.clock.now();
    const contentType = typeof body.content_type === 'string' ? body.content_type : null;
    const u: UploadRec = { id: newId(), createdTime: now, lastEditedTime: now, createdBy: actor, mode, filename, contentType, parts: new Map(), totalParts, contentLength: null, uploaded: false, attached: false };
    this.records.set(u.id, u);
    return u;
  }

  get(id: string): UploadRec | undefined {
    return this.records.get(id);
  }

  /** One `send`: the whole file (single part) or part `partNumber` of a multi-part upload. */
  send(u: UploadRec, bytes: Buffer, partNumber: number | undefined, name: string | undefined, type: string | undefined): void {
    const status = this.status(u);
    if (status !== 'pending') throw validationError(`File upload ${u.id} is ${status}; only a pending upload accepts data.`);
    u.filename ??= name ?? 'file';
    u.contentType ??= type && type !== 'application/octet-stream' ? type : (typeFromName(u.filename) ?? 'application/octet-stream');
    if (u.mode === 'single_part') {
      if (partNumber !== undefined && partNumber !== 1) throw validationError('part_number is only for multi_part uploads.');
      if (bytes.length > SINGLE_PART_MAX) throw validationError(`A single-part upload holds at most 20 MB (this one is ${bytes.length} bytes); use multi_part.`);
      this.checkLimit(bytes.length);
      u.parts.set(1, bytes);
      this.finish(u);
      return;
    }
    if (partNumber === undefined || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > u.totalParts) {
      throw validationError(`part_number should be an integer between 1 and ${u.totalParts}.`);
    }
    const last = partNumber === u.totalParts;
    if (bytes.length > PART_MAX || (!last && bytes.length < PART_MIN)) throw validationError(`Part ${partNumber} is ${bytes.length} bytes; parts are 5–20 MB, only the last may be smaller.`);
    u.parts.set(partNumber, bytes);
    this.checkLimit(this.size(u));
    u.lastEditedTime = this.clock.now();
  }

  complete(u: UploadRec): void {
    if (u.mode !== 'multi_part') throw validationError('Only multi_part uploads are completed.');
    const status = this.status(u);
    if (status !== 'pending') throw validationError(`File upload ${u.id} is ${status}.`);
    if (u.parts.size !== u.totalParts) throw validationError(`Sent ${u.parts.size} of ${u.totalParts} parts; send every part before completing.`);
    this.checkLimit(this.size(u));
    this.finish(u);
  }

  /** Attaches an upload to a block (or anything else); returns the hosted file's id. */
  attach(id: string): string {
    const u = this.records.get(id);
    if (!u) throw validationError(`Could not find file upload with ID: ${id}.`);
    const status = this.status(u);
    if (status !== 'uploaded' || !u.fileId) throw validationError(`File upload ${id} is ${status}; only an uploaded file can be attached.`);
    u.attached = true;
    return u.fileId;
  }

  private size(u: UploadRec): number {
    let n = 0;
    for (const p of u.parts.values()) n += p.length;
    return n;
  }

  private checkLimit(bytes: number): void {
    if (bytes > this.limit()) throw validationError(`The file is ${bytes} bytes; this workspace's plan (${this.knobs.plan}) allows files up to ${this.limit()} bytes.`);
  }

  /** Joins the parts into one hosted file; the parts are dropped. */
  private finish(u: UploadRec): void {
    const bytes = Buffer.concat([...u.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b));
    u.fileId = this.files.host(u.filename ?? 'file', u.contentType ?? 'application/octet-stream', bytes);
    u.contentLength = bytes.length;
    u.parts = new Map();
    u.uploaded = true;
    u.lastEditedTime = this.clock.now();
  }
}
