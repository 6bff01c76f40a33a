import type { FastifyReply } from 'fastify';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Sends a file to download: its name in the user's language (UTF-8, e.g. 缺货预警.xlsx) with an ASCII
 * `fallback` for clients that cannot read it; an .xlsx unless `type` says otherwise.
 */
export function sendDownload(reply: FastifyReply, file: { data: Buffer | string; filename: string }, fallback: string, type = XLSX_TYPE) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(file.data);
}

/** Sends a stored file (a photo, a PDF) inline, as its checked type, never cached nor sniffed as another. */
export function sendStoredFile(reply: FastifyReply, file: { data: Buffer; mimetype: string }) {
  return reply.header('content-type', file.mimetype).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(file.data);
}
