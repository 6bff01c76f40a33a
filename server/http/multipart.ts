import type { FastifyRequest } from 'fastify';
import type { Upload } from '../lib/uploads.ts';

/**
 * Reads a multipart form with at most one file (in `fileField`; files under other names are read and
 * dropped) and its text fields. A JSON body passes through as text fields, with no file.
 */
export async function readForm(req: FastifyRequest, fileField: string): Promise<{ fields: Record<string, string>; file?: Upload }> {
  if (!req.isMultipart()) return { fields: Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])) };
  const fields: Record<string, string> = {};
  let file: Upload | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname === fileField) file = { data: await part.toBuffer(), mimetype: part.mimetype };
      else await part.toBuffer();
    } else fields[part.fieldname] = String(part.value);
  }
  return { fields, file };
}
