import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFound, ValidationError } from '../http/errors.ts';
import type { MessageKey } from '../i18n.ts';

/** A file as a route received it: its bytes and the type the client declared. */
export interface Upload {
  data: Buffer;
  mimetype: string;
}

/** The largest photo or receipt kept (the multipart limit in app.ts is only the outer bound). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Photos: what a phone camera gives. */
export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
/** Receipts may also be a PDF (an e-invoice, 电子发票). */
export const IMAGE_OR_PDF_TYPES = { ...IMAGE_TYPES, 'application/pdf': 'pdf' } as const;

/** The bytes each type starts with: the declared type alone is the client's word. */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  'application/pdf': (b) => b.length > 5 && b.toString('latin1', 0, 5) === '%PDF-',
};

/** True when the bytes are what the declared type says they are. */
export const bytesMatch = (mimetype: string, data: Buffer) => MAGIC[mimetype]?.(data) ?? false;

/**
 * Files of the allowed types kept under one subdirectory of the data directory, each under a fresh
 * `<uuid>.<ext>` name. `messages` are the refusals' keys: a type not allowed or bytes that are not that
 * type (`type`), an empty or too large file (`size`).
 */
export function fileStore(dir: string, types: Readonly<Record<string, string>>, messages: { type: MessageKey; size: MessageKey }) {
  const namePattern = new RegExp(`^[0-9a-f-]{36}\\.(${[...new Set(Object.values(types))].join('|')})$`);
  const typeOfExt = (ext: string) => Object.keys(types).find((k) => types[k] === ext);
  return {
    dir,
    /** Checks the type, size and bytes, then writes the file; answers its name. */
    async save(file: Upload) {
      const ext = types[file.mimetype];
      if (!ext) throw ValidationError(messages.type);
      if (file.data.length === 0 || file.data.length > MAX_FILE_BYTES) throw ValidationError(messages.size);
      if (!bytesMatch(file.mimetype, file.data)) throw ValidationError(messages.type);
      const name = `${randomUUID()}.${ext}`;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, name), file.data);
      return name;
    },
    /** Removes a file written for something that then failed to be recorded. */
    remove: (name: string | null) => (name ? rm(join(dir, name), { force: true }) : Promise.resolve()),
    /** A kept file and its type; a name this store never makes, or a file gone from the disk, is a 404. */
    async read(name: string) {
      if (!namePattern.test(name)) throw NotFound();
      // A file gone from the data directory (a database restored without its files) is a 404, not a 500.
      const data = await readFile(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw NotFound();
        throw err;
      });
      return { data, mimetype: typeOfExt(name.split('.').pop()!)! };
    },
  };
}
export type FileStore = ReturnType<typeof fileStore>;
