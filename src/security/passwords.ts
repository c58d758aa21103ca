import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are stored as argon2id hashes (the PHC string, with its own salt and parameters) made by
 * @node-rs/argon2, whose native binary ships inside its npm package (no download at install). The library's
 * defaults are OWASP's recommended minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing anyone knows, verified against when the email is unknown so both answers take as long. */
let decoy: Promise<string> | null = null;

/** True when `password` matches `stored`; with no stored hash it still spends the time of one verify. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hash(crypto.randomBytes(16).toString('hex'));
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A generated password someone types once (it must be changed at the first sign-in): 4 groups of 5 letters and
 * digits without look-alikes (0/O, 1/l/I), about 100 bits.
 */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += alphabet[crypto.randomInt(alphabet.length)];
    groups.push(s);
  }
  return groups.join('-');
}
