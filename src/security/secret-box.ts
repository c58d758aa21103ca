import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { secureDataDir } from '../db/data-dir.ts';

/**
 * Encrypts LINE channel secrets and access tokens at rest with AES-256-GCM.
 * Stored form: "v1:" + base64(iv ‖ tag ‖ ciphertext). A fresh 96-bit IV per value.
 */
export class SecretBox {
  readonly #key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
    this.#key = key;
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith('v1:')) throw new Error('Unknown secret format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }
}

/**
 * LINECAST_SECRET_KEY (64 hex chars or base64 of 32 bytes; any other string is stretched with SHA-256),
 * otherwise a key generated once into the data directory with mode 0600.
 */
export function loadSecretKey(envKey: string | null, dataDir: string): Buffer {
  if (envKey) {
    if (/^[0-9a-f]{64}$/i.test(envKey)) return Buffer.from(envKey, 'hex');
    const b = Buffer.from(envKey, 'base64');
    if (b.length === 32 && /^[A-Za-z0-9+/=_-]+$/.test(envKey)) return b;
    return crypto.createHash('sha256').update(envKey).digest();
  }
  const file = path.join(dataDir, 'secret.key');
  secureDataDir(dataDir);
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = crypto.randomBytes(32);
  // 'wx' fails if another process created it first; then read theirs so both agree.
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  }
}

export function last4(s: string): string {
  return s.length <= 4 ? '•'.repeat(s.length) : s.slice(-4);
}
