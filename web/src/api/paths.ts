/**
 * The only place that spells the API's prefix: every URL the UI calls is built here from typed parts, each part
 * percent-encoded, so a component never assembles an API path by hand (web/test/boundaries.test.ts checks it).
 */
export const API_BASE = '/api/v1';

/** `/api/v1/<part>/<part>…`, each part encoded as one path segment. */
export function apiPath(...parts: string[]): string {
  return [API_BASE, ...parts.map((p) => encodeURIComponent(p))].join('/');
}

export type QueryValue = string | number | boolean | null | undefined;

/** The path with the given query parameters in the order given; null and undefined are left out ('' is sent). */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
