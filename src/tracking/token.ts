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
