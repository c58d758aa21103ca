import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 11 base62 characters carry 65.5 bits: at least the 64 bits of randomness a guesser has to beat. */
export const TOKEN_LENGTH = 11;
export const TOKEN_SHAPE = /^[0-9A-Za-z]{11}$/;

// Random bytes are drawn in blocks: one randomFillSync per ~190 tokens instead of one per token.
const pool = Buffer.alloc(4096);
let pos = pool.length;

function nextByte(): number {
  if (pos >= pool.length) {
    crypto.randomFillSync(pool);
    pos = 0;
  }
  return pool[pos++]!;
}

/** A fresh unguessable token. Bytes ≥ 248 are rejected so every character is uniform over 62 (248 = 4 × 62). */
export function newToken(): string {
  let s = '';
  while (s.length < TOKEN_LENGTH) {
    const b = nextByte();
    if (b < 248) s += ALPHABET[b % 62];
  }
  return s;
}

/** A short, stable name for a destination URL within a campaign (base62 of 48 bits of SHA-256). */
export function linkIdFor(url: string): string {
  const h = crypto.createHash('sha256').update(url).digest();
  let n = h.readUIntBE(0, 6);
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = ALPHABET[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s;
}

/**
 * Per-recipient tokens carry what they point at: varint(campaign key) varint(link position × 2 + test flag)
 * varint(delivery id), then the first 8 bytes (64 bits) of HMAC-SHA256(link key, those bytes); base64url.
 * Nothing is stored per recipient, and the redirect needs no database read to trust one: typically 20–22
 * characters. Random 11-character tokens (stored) are used per campaign.
 */
export interface SignedLink {
  campaignKey: number;
  position: number;
  deliveryId: number;
  isTest: boolean;
}

const MAC_BYTES = 8;
export const SIGNED_TOKEN_SHAPE = /^[0-9A-Za-z_-]{15,40}$/;

function putVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

export function signLink(key: Buffer, l: SignedLink): string {
  const bytes: number[] = [];
  putVarint(bytes, l.campaignKey);
  putVarint(bytes, l.position * 2 + (l.isTest ? 1 : 0));
  putVarint(bytes, l.deliveryId);
  const payload = Buffer.from(bytes);
  const mac = crypto.createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
  return Buffer.concat([payload, mac]).toString('base64url');
}

/** The link a signed token names, or null when it is malformed or its MAC does not match. */
export function verifySignedLink(key: Buffer, token: string): SignedLink | null {
  if (!SIGNED_TOKEN_SHAPE.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= MAC_BYTES || raw.toString('base64url') !== token) return null;
  const payload = raw.subarray(0, raw.length - MAC_BYTES);
  const mac = crypto.createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
  if (!crypto.timingSafeEqual(mac, raw.subarray(raw.length - MAC_BYTES))) return null;
  const nums: number[] = [];
  let i = 0;
  while (i < payload.length && nums.length < 3) {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = payload[i++];
      if (b === undefined || mul > 2 ** 49) return null;
      n += (b & 0x7f) * mul;
      mul *= 0x80;
      if (b < 0x80) break;
    }
    nums.push(n);
  }
  if (nums.length !== 3 || i !== payload.length) return null;
  const [campaignKey, pos, deliveryId] = nums as [number, number, number];
  return { campaignKey, position: Math.floor(pos / 2), isTest: pos % 2 === 1, deliveryId };
}

/**
 * The longest tracked-link token each kind of link can carry: random per-campaign tokens (multicast, test sends), and
 * signed per-recipient ones at their widest (campaign key and link position up to 2^31, delivery id up to 2^53; the
 * rewriter falls back to a per-campaign token beyond). Validation measures rendered messages with these, before any
 * token exists, so a payload that passes cannot grow past a limit at send time.
 */
export const LONGEST_TOKEN = {
  perCampaign: TOKEN_LENGTH,
  perRecipient: signLink(Buffer.alloc(32), {
    campaignKey: 2 ** 31 - 1,
    position: 2 ** 30 - 1,
    deliveryId: Number.MAX_SAFE_INTEGER,
    isTest: true,
  }).length,
} as const;

/** The longest tracked URL `publicBaseUrl` can give a link (`<base>/c/<token>`). */
export function longestTrackedUrl(publicBaseUrl: string, perRecipient: boolean): string {
  return publicBaseUrl.replace(/\/+$/, '') + '/c/' + 'x'.repeat(perRecipient ? LONGEST_TOKEN.perRecipient : LONGEST_TOKEN.perCampaign);
}
