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
