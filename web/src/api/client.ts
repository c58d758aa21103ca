/**
 * The one door to the server: the public HTTP API, signed in with the HttpOnly session cookie the browser sends by
 * itself (script never sees it, so no key or token sits in localStorage for an injected script to read). Writes add
 * the session's CSRF token, which lives only in this module's memory and comes from GET/POST /api/v1/session.
 */
export const CSRF_HEADER = 'x-csrf-token';
let csrfToken: string | null = null;

export interface ErrorDetail {
  path: string;
  message: string;
  /** Issue code and params (src/domain/issues.ts), for showing the problem in the user's language. */
  code?: string;
  params?: Record<string, string | number>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly body: unknown;
  constructor(status: number, code: string, message: string, details: ErrorDetail[] = [], body: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.body = body;
  }
}

/** Set from the session's answer on sign-in and on every load; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
function csrfHeaders(method: string): Record<string, string> {
  return csrfToken && !SAFE.has(method.toUpperCase()) ? { [CSRF_HEADER]: csrfToken } : {};
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: keep the status text */
  }
  const e = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
  return new ApiError(
    res.status,
    e?.code ?? `http_${res.status}`,
    e?.message ?? res.statusText ?? 'Request failed',
    e?.details ?? [],
    body,
  );
}

export interface RequestOptions {
  body?: unknown;
  /** Send a raw body (CSV, NDJSON) with this content type instead of JSON. */
  raw?: { data: BodyInit; contentType: string };
  signal?: AbortSignal;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...csrfHeaders(method) };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(path, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = (path: string) => api<void>('DELETE', path);

/**
 * Reads NDJSON lines from a response that grows while it arrives (XMLHttpRequest's responseText): each call returns
 * the complete lines that arrived since the last call; a line cut by the network waits for its end.
 */
export function progressLines(): { read(text: string): Record<string, unknown>[] } {
  let seen = 0;
  return {
    read(text) {
      const out: Record<string, unknown>[] = [];
      let nl: number;
      while ((nl = text.indexOf('\n', seen)) >= 0) {
        const line = text.slice(seen, nl).trim();
        seen = nl + 1;
        if (!line) continue;
        try {
          const v = JSON.parse(line) as unknown;
          if (v && typeof v === 'object') out.push(v as Record<string, unknown>);
        } catch {
          /* not a line of ours */
        }
      }
      return out;
    },
  };
}

/** How far the server has got with an upload it is processing (rows read, bytes read). */
export interface ServerProgress {
  rows: number;
  bytes: number;
}

/**
 * Uploads a file with progress. fetch cannot report upload progress, so this one request uses XMLHttpRequest. With
 * `onServerProgress`, the server is asked (Accept: application/x-ndjson) to answer progress lines while it works;
 * the last line is the result or the error, read here into the same ApiError as a plain answer.
 */
export function upload<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (sent: number, total: number) => void,
  onServerProgress?: (p: ServerProgress) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(csrfHeaders('POST'))) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', contentType);
    if (onServerProgress) xhr.setRequestHeader('accept', 'application/x-ndjson');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    const lines = progressLines();
    let last: Record<string, unknown> | null = null;
    const readLines = () => {
      for (const v of lines.read(xhr.responseText)) {
        if (v.type === 'progress') onServerProgress?.({ rows: Number(v.rows) || 0, bytes: Number(v.bytes) || 0 });
        else last = v;
      }
    };
    if (onServerProgress) xhr.onprogress = readLines;
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed (network error)'));
    xhr.onload = () => {
      let body: unknown = null;
      if (onServerProgress && xhr.status === 200) {
        readLines();
        const end = last as { type?: string; status?: number; error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null;
        if (end?.type === 'result') {
          const { type: _type, ...result } = end;
          return resolve(result as T);
        }
        const e = end?.error;
        return reject(new ApiError(end?.status ?? 500, e?.code ?? 'internal', e?.message ?? 'Upload failed', e?.details ?? [], end));
      }
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* keep null */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const e = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
      reject(new ApiError(xhr.status, e?.code ?? `http_${xhr.status}`, e?.message ?? 'Upload failed', e?.details ?? [], body));
    };
    xhr.send(file);
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads every page of a list (admin lists are small; campaign lists page in the UI instead). */
export async function getAll<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await get<Page<T>>(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const d = e.details.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message));
    return d.length ? `${e.message} — ${d.join('; ')}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
