/** Merging UTM (or any) parameters into one URL with the WHATWG URL class. */

function keyOf(piece: string): string {
  // URLSearchParams decodes the key exactly as a server would ("utm%5Fsource" and "utm_source" are one key).
  // The leading "&" stops the constructor from eating a "?" that belongs to the key.
  for (const k of new URLSearchParams('&' + piece).keys()) return k;
  return '';
}

/**
 * Adds `params` to an http(s) URL: a key already present is replaced by our single value, empty values are
 * left out (an existing key then stays as it was), every other parameter keeps its exact original text and
 * order, and the fragment is kept. Non-http(s) or unparsable URLs come back unchanged. Idempotent.
 */
export function tagUrl(url: string, params: Record<string, string>): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return url;
  const ours = Object.entries(params).filter(([k, v]) => k !== '' && v !== '');
  if (ours.length === 0) return url;
  const keys = new Set(ours.map(([k]) => k));
  // Existing pieces are kept as written (not re-serialised), so signed or oddly encoded values survive.
  const kept = u.search
    .slice(1)
    .split('&')
    .filter((piece) => piece !== '' && !keys.has(keyOf(piece)));
  const added = new URLSearchParams(ours).toString();
  // The setter drops one leading "?", so give it one: a query that itself starts with "?" must keep it.
  u.search = '?' + [...kept, added].join('&');
  return u.href;
}
