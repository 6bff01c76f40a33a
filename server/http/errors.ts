import type { MessageKey, MessageParams } from '../i18n.ts';

/**
 * The errors a service may throw. Each maps to one HTTP status and one snake_case code;
 * the message is looked up in the caller's language when the response is written.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export const ValidationError = (key: MessageKey, params?: MessageParams, details?: unknown) =>
  new AppError(400, 'validation_failed', key, params, details);
export const Unauthenticated = () => new AppError(401, 'unauthenticated', 'unauthenticated');
export const BadCredentials = () => new AppError(401, 'bad_credentials', 'bad_credentials');
export const Forbidden = () => new AppError(403, 'forbidden', 'forbidden');
export const NotFound = () => new AppError(404, 'not_found', 'not_found');
export const Conflict = (key: MessageKey = 'conflict', params?: MessageParams, details?: unknown) =>
  new AppError(409, 'conflict', key, params, details);
/** A file that was read but holds rows that cannot be imported: 422 with every bad row. */
export const ImportRejected = (count: number, details: unknown) =>
  new AppError(422, 'import_rejected', 'import_has_errors', { count }, details);
