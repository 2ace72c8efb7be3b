// Notion-hosted files: downloading a signed URL, and the File Upload API
// (create → send, in one part or several → complete) plus attaching an upload
// to a media block. Uploads cannot be deleted: one left unattached simply
// expires after an hour, so callers remember its id and reuse it while valid.
import type { FileUploadObjectResponse } from '@notionhq/client';
import { NotionValidationError } from './errors';
import { normaliseId } from './ids';
import type { NotionTransport } from './transport';
import type { RawBlock } from './types';

/** Notion sends at most 20 MB in one part; bigger files go in parts (paid plans only). */
export const SINGLE_PART_MAX = 20 * 1024 * 1024;
/** Parts are 5–20 MB (the last may be smaller); Notion recommends 10 MB. */
export const PART_SIZE = 10 * 1024 * 1024;

export type MediaBlockType = 'image' | 'file' | 'pdf' | 'audio' | 'video';

export interface FileUpload {
  id: string;
  status: FileUploadObjectResponse['status'];
  /** ms since the epoch; null once attached (then it never expires). */
  expiresAt: number | null;
}

function toUpload(raw: FileUploadObjectResponse): FileUpload {
  return { id: raw.id, status: raw.status, expiresAt: raw.expiry_time ? Date.parse(raw.expiry_time) : null };
}

/** The URL and file type of a media block (`file`: Notion-hosted, `external`: a link). */
export function mediaOfBlock(block: RawBlock): { type: 'file' | 'external'; url: string } | null {
  const value = (block as unknown as Record<string, { type?: string; file?: { url?: string }; external?: { url?: string } }>)[block.type];
  if (!value || typeof value !== 'object') return null;
  if (value.type === 'file' && value.file?.url) return { type: 'file', url: value.file.url };
  if (value.type === 'external' && value.external?.url) return { type: 'external', url: value.external.url };
  return null;
}

export class NotionFiles {
  private maxBytes: number | undefined;

  constructor(private readonly transport: NotionTransport) {}

  /** GET of a signed URL (no API budget spent); the caller reads the body. */
  download(url: string, signal?: AbortSignal): Promise<Response> {
    return this.transport.fetchFile(url, signal);
  }

  /** The workspace's largest file per upload (`users.me`), read once. */
  async maxUploadBytes(signal?: AbortSignal): Promise<number> {
    if (this.maxBytes !== undefined) return this.maxBytes;
    const me = await this.transport.call('me', () => this.transport.client.users.me({}), { policy: 'idempotent', signal });
    const limit = (me as { bot?: { workspace_limits?: { max_file_upload_size_in_bytes?: number } } }).bot?.workspace_limits?.max_file_upload_size_in_bytes;
    this.maxBytes = typeof limit === 'number' && limit > 0 ? limit : Number.POSITIVE_INFINITY;
    return this.maxBytes;
  }

  /**
   * Uploads bytes: one part up to 20 MB, else parts of 10 MB then complete.
   * Not retried after an ambiguous failure (a second upload would only be
   * another unattached one); the caller's operation retries as a whole.
   */
  async upload(filename: string, contentType: string, bytes: Uint8Array, signal?: AbortSignal): Promise<FileUpload> {
    const { client } = this.transport;
    const parts = bytes.length > SINGLE_PART_MAX ? Math.ceil(bytes.length / PART_SIZE) : 1;
    const created = await this.transport.call(
      'create file upload',
      () => client.fileUploads.create(parts > 1 ? { mode: 'multi_part', filename, content_type: contentType, number_of_parts: parts } : { mode: 'single_part', filename, content_type: contentType }),
      { policy: 'once', signal },
    );
    let last = created;
    for (let i = 0; i < parts; i++) {
      const chunk = bytes.subarray(i * PART_SIZE, parts > 1 ? (i + 1) * PART_SIZE : bytes.length);
      const file = { filename, data: new Blob([new Uint8Array(chunk)], { type: contentType }) };
      last = await this.transport.call(
        'send file upload',
        () => client.fileUploads.send({ file_upload_id: created.id, file, ...(parts > 1 ? { part_number: String(i + 1) } : {}) }),
        { policy: 'once', signal },
      );
    }
    if (parts > 1) last = await this.transport.call('complete file upload', () => client.fileUploads.complete({ file_upload_id: created.id }), { policy: 'once', signal });
    if (last.status !== 'uploaded') throw new NotionValidationError(`Notion did not accept the upload of ${filename} (status ${last.status})`);
    return toUpload(last);
  }

  async retrieveUpload(id: string, signal?: AbortSignal): Promise<FileUpload> {
    const raw = await this.transport.call('get file upload', () => this.transport.client.fileUploads.retrieve({ file_upload_id: id }), { policy: 'idempotent', signal });
    return toUpload(raw);
  }

  /** Moves a block to Notion's trash (a media block whose link was removed from the file). */
  async deleteBlock(blockId: string, signal?: AbortSignal): Promise<void> {
    const id = normaliseId(blockId);
    await this.transport.call('delete block', () => this.transport.client.blocks.delete({ block_id: id }), { policy: 'idempotent', signal });
  }

  /** Puts an upload into an existing media block (same type), keeping the block and its caption. */
  async attach(blockId: string, type: MediaBlockType, uploadId: string, signal?: AbortSignal): Promise<RawBlock> {
    const id = normaliseId(blockId);
    const body = { block_id: id, [type]: { type: 'file_upload', file_upload: { id: uploadId } } } as unknown as Parameters<typeof this.transport.client.blocks.update>[0];
    const raw = await this.transport.call('attach file upload', () => this.transport.client.blocks.update(body), { policy: 'idempotent', signal });
    return raw as RawBlock;
  }
}
