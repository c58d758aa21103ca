import { z } from 'zod';

/**
 * List cursors. A cursor is whatever the previous page's `nextCursor` was; anything else (a hand-made, cut or
 * stale-format cursor) is a 400 `invalid_cursor` naming `querystring.cursor`, never a value handed to the
 * database to fail there. Each list has one of the shapes below.
 */
export const INVALID_CURSOR = 'invalid_cursor';
const message = 'cursor is not a nextCursor of this list: start again without it';
const issue = (ctx: z.core.$RefinementCtx<unknown>, input: unknown) =>
  ctx.addIssue({ code: 'custom', message, input, params: { code: INVALID_CURSOR } });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The last id of the previous page (uuid-keyed lists). */
export const UuidCursor = z.string().check(
  z.superRefine((s, ctx) => {
    if (!UUID.test(s)) issue(ctx, s);
  }),
);

/** The last id of the previous page (bigint-keyed lists); `signed` when ids can be negative. Fits int8. */
export function bigintCursor(opts: { signed?: boolean } = {}) {
  const shape = opts.signed ? /^-?\d{1,18}$/ : /^\d{1,18}$/;
  return z.string().check(
    z.superRefine((s, ctx) => {
      if (!shape.test(s)) issue(ctx, s);
    }),
  );
}

const TS = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(:(\d{2})(:(\d{2}))?)?$/;

/** A timestamptz as PostgreSQL prints it (`2024-05-01 12:34:56.123456+00`) that PostgreSQL will read back. */
export function isTimestampText(s: string): boolean {
  const m = TS.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se, , , oh] = [m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9]].map(Number) as number[];
  if (y! < 1 || mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || se! > 59 || oh! > 15) return false;
  if (Number(m[11] ?? 0) > 59 || Number(m[13] ?? 0) > 59) return false;
  return d! <= daysInMonth(y!, mo!);
}

export function daysInMonth(y: number, m: number): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** (created_at, id) keyset cursors: base64url of JSON `[timestamp text, uuid]` (ASCII, so btoa/atob suffice). */
export function encodeKeysetCursor(at: string, id: string): string {
  return btoa(JSON.stringify([at, id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export const KeysetCursor = z
  .string()
  .max(400)
  .transform((s, ctx): [string, string] => {
    let v: unknown = null;
    if (/^[A-Za-z0-9_-]+$/.test(s)) {
      try {
        v = JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/')));
      } catch {
        v = null;
      }
    }
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      isTimestampText(v[0]) &&
      UUID.test(v[1])
    )
      return [v[0], v[1]];
    issue(ctx, s);
    return z.NEVER;
  });
