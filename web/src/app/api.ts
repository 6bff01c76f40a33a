import type { TError } from '../../../contracts/common.ts';
import i18n, { currentLocale } from './i18n.ts';

/** A failed API call, carrying the server's message (already in the user's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function isErrorBody(body: unknown): body is TError {
  return typeof body === 'object' && body !== null && typeof (body as TError).message === 'string' && typeof (body as TError).error === 'string';
}

/** Turns a response body and status into an ApiError, falling back to a local message. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.error, body.message, body.details);
  return new ApiError(status, 'http_error', i18n.t('errors.http', { status }));
}

export function networkError(): ApiError {
  return new ApiError(0, 'network', i18n.t('errors.network'));
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Query = Record<string, string | number | boolean | undefined>;

/** `/api/x` plus the defined query parameters. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

export const localeHeader = () => ({ 'x-gridline-locale': currentLocale() });

/** fetch for the JSON API: sends the session cookie and the user's language, throws ApiError on failure. */
export async function api<T>(path: string, opts: { method?: 'GET' | 'POST' | 'DELETE'; query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...localeHeader() };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw networkError();
  }
  const body = parseJson(await res.text());
  if (!res.ok) throw toApiError(res.status, body);
  return body as T;
}

/** The file name a download's content-disposition gives, preferring the UTF-8 form (Chinese names). */
function dispositionName(header: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      return fallback;
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? '')?.[1] ?? fallback;
}

/**
 * Downloads a file from the API as the browser would a link, but in the user's language (a link
 * sends only the browser's) and with the server's message when it fails.
 */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { headers: localeHeader(), credentials: 'same-origin' });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw toApiError(res.status, parseJson(await res.text()));
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = dispositionName(res.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the file after the click returns: let the address live a while.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Multipart upload with progress (fetch cannot report upload progress yet, XMLHttpRequest can).
 * Resolves with the parsed body on 2xx; rejects with ApiError otherwise.
 */
export function uploadFile<T>(path: string, query: Query, file: File, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(localeHeader())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.upload.onload = () => onProgress(100);
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(toApiError(xhr.status, body));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
