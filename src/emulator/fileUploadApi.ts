// /v1/file_uploads: create, send (multipart/form-data), complete, retrieve,
// list; and attaching an upload by id in media blocks.
import { notFound, validationError } from './errors';
import { Json, asObject } from './json';
import type { BlockInput } from './model';
import { paginate } from './pagination';
import { route } from './router';
import { minuteIso } from './time';
import { UPLOAD_TTL_MS, type UploadRec, type UploadStore } from './uploads';
import type { Workspace } from './workspace';

const MEDIA = new Set(['image', 'video', 'file', 'pdf', 'audio']);

function uploadJson(store: UploadStore, u: UploadRec, apiBase: string): Json {
  const status = store.status(u);
  const out: Json = {
    object: 'file_upload',
    id: u.id,
    created_time: minuteIso(u.createdTime),
    created_by: { id: u.createdBy, type: 'bot' },
    last_edited_time: minuteIso(u.lastEditedTime),
    in_trash: false,
    archived: false,
    expiry_time: u.attached ? null : new Date(u.createdTime + UPLOAD_TTL_MS).toISOString(),
    status,
    filename: u.filename,
    content_type: u.contentType,
    content_length: u.contentLength,
  };
  if (status === 'pending') out.upload_url = `${apiBase}/v1/file_uploads/${u.id}/send`;
  if (status === 'pending' && u.mode === 'multi_part') out.complete_url = `${apiBase}/v1/file_uploads/${u.id}/complete`;
  if (u.mode === 'multi_part') out.number_of_parts = { total: u.totalParts, sent: u.uploaded ? u.totalParts : u.parts.size };
  return out;
}

function upload(ws: Workspace, id: string): UploadRec {
  const u = ws.uploads.get(id);
  if (!u) throw notFound('file upload', id);
  return u;
}

route('POST', '/v1/file_uploads', ({ ws, body, actor }) => uploadJson(ws.uploads, ws.uploads.create(asObject(body), actor), ws.files.baseUrl));

route('GET', '/v1/file_uploads', ({ ws, query }) => {
  const wanted = query.get('status');
  const all = [...ws.uploads.records.values()].filter((u) => !wanted || ws.uploads.status(u) === wanted).reverse();
  return paginate(all, (u) => u.id, (u) => uploadJson(ws.uploads, u, ws.files.baseUrl), query.get('start_cursor'), query.get('page_size') ?? undefined, 'file_upload');
});

route('GET', '/v1/file_uploads/:file_upload_id', ({ ws, params }) => uploadJson(ws.uploads, upload(ws, params[0]), ws.files.baseUrl));

route('POST', '/v1/file_uploads/:file_upload_id/send', async ({ ws, params, raw, contentType }) => {
  const u = upload(ws, params[0]);
  if (!/^multipart\/form-data/i.test(contentType)) throw validationError('Send the file as multipart/form-data, with the bytes under `file`.');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw validationError('The multipart/form-data body could not be read.');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw validationError('body failed validation: the form needs a `file` part holding the bytes.');
  const part = form.get('part_number');
  const partNumber = typeof part === 'string' ? Number(part) : undefined;
  ws.uploads.send(u, Buffer.from(await file.arrayBuffer()), partNumber, file.name || undefined, file.type || undefined);
  return uploadJson(ws.uploads, u, ws.files.baseUrl);
});

route('POST', '/v1/file_uploads/:file_upload_id/complete', ({ ws, params }) => {
  const u = upload(ws, params[0]);
  ws.uploads.complete(u);
  return uploadJson(ws.uploads, u, ws.files.baseUrl);
});

/**
 * Replaces `{type: "file_upload", file_upload: {id}}` media payloads by the hosted
 * file, attaching each upload (which must be uploaded and not expired).
 */
export function attachUploads(ws: Workspace, inputs: BlockInput[]): BlockInput[] {
  return inputs.map((b) => {
    const children = attachUploads(ws, b.children);
    if (!MEDIA.has(b.type) || b.payload.type !== 'file_upload') return { ...b, children };
    const fileId = ws.uploads.attach(String(asObject(b.payload.file_upload).id ?? ''));
    const { file_upload: _ignored, ...rest } = b.payload;
    void _ignored;
    return { ...b, payload: { ...rest, type: 'file', file: { file_id: fileId } }, children };
  });
}
