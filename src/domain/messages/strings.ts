/**
 * Small string and URL predicates behind the message rules. Browser-safe: only the WHATWG URL class and
 * Intl.Segmenter, both present in Node 20 and every browser we support.
 */
import { LINK_SCHEMES } from './limits.ts';

let segmenter: Intl.Segmenter | undefined;

/** LINE counts action text and labels in grapheme clusters ("👨‍👩‍👧" is one), not UTF-16 code units. */
export function graphemeLength(s: string): number {
  // Graphemes never outnumber code units, and ASCII is one each: skip the segmenter on the common path.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

/** True when a string holds Liquid markup (an output `{{ }}` or a tag `{% %}`). */
export function hasLiquid(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

/**
 * A value that begins with Liquid (`{{ profile.url }}`, `{% if … %}https://a{% else %}…`) has no scheme
 * until it is rendered, so scheme checks accept it; the rendered message is checked again by LINE.
 */
export function startsWithLiquid(s: string): boolean {
  return /^\s*\{[{%]/.test(s);
}

function parse(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

export function isHttpsUrl(s: string, templates: boolean): boolean {
  if (templates && startsWithLiquid(s)) return true;
  const u = parse(s);
  return u !== null && u.protocol === 'https:' && u.hostname !== '';
}

export function isLinkUri(s: string, templates: boolean): boolean {
  if (templates && startsWithLiquid(s)) return true;
  const u = parse(s);
  if (!u || !(LINK_SCHEMES as readonly string[]).includes(u.protocol)) return false;
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname !== '' : true;
}

/**
 * LINE fetches `${baseUrl}/1040` etc., so a last path segment like `banner.png` breaks the image. Liquid in
 * the last segment is skipped: whatever it renders to cannot be known here.
 */
export function lastSegmentHasExtension(s: string, templates: boolean): boolean {
  if (templates && startsWithLiquid(s)) return false;
  const u = parse(s);
  const path = u ? u.pathname : s.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (templates && hasLiquid(decodeURIComponentSafe(last))) return false;
  return /\.[A-Za-z0-9]{1,8}$/.test(last);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** UTF-8 length of a string without allocating a buffer (the body-size check runs per request). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * The word LINE, written as LINE writes it, as a word of its own (not inside "ONLINE"); Japanese or digits
 * around it do not make it a different word ("LINE公式" holds it).
 */
export function hasLineWord(s: string): boolean {
  return /(?<![A-Za-z])LINE(?![A-Za-z])/.test(s);
}

/** The same word in any other spelling ("line", "Line"): LINE does not say whether it refuses these. */
export function hasLineWordOtherCase(s: string): boolean {
  return /(?<![A-Za-z])line(?![A-Za-z])/i.test(s) && !hasLineWord(s);
}

/**
 * A URL LINE asks to be percent-encoded (reference #url-encoding) that holds raw spaces or non-ASCII
 * characters. LINE says "should", not "must", so this is advice, not a refusal.
 */
export function needsPercentEncoding(s: string): boolean {
  return /[^\x21-\x7e]/.test(s);
}
