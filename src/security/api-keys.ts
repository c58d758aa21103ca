import crypto from 'node:crypto';

/** API keys are shown once; only their SHA-256 is stored, so a database leak does not leak keys. */
export function newApiKey(): string {
  return 'lc_' + crypto.randomBytes(24).toString('base64url');
}

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, 7);
}
