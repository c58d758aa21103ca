/**
 * Where media bytes live (the MediaStore port): here the data directory; src/media/s3-store.ts is the
 * S3-compatible bucket for scale-out, chosen by configuration (src/media/stores.ts). Files are addressed by the SHA-256 of the uploaded file and a variant name
 * (`original`, `preview`, `imagemap/1040`…), written once and never changed, so they can be cached for ever.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { MediaStore, StoredFile } from '../app/ports.ts';

export const VARIANT = /^(?:original|preview|imagemap\/(?:240|300|460|700|1040))$/;
export const HASH = /^[0-9a-f]{64}$/;
/** Every variant a file can have (what remove deletes in stores that cannot remove a folder). */
export const VARIANTS = ['original', 'preview', ...[240, 300, 460, 700, 1040].map((w) => `imagemap/${w}`)] as const;

/** Scratch files for uploads in progress: on local disk whatever the store (sharp and ffmpeg read files). */
export function scratchPath(dataDir: string): string {
  const dir = path.join(dataDir, 'media', 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, randomUUID());
}

export type { MediaStore, StoredFile } from '../app/ports.ts';

export class LocalMediaStore implements MediaStore {
  readonly root: string;
  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'media');
  }

  private file(hash: string, variant: string): string {
    if (!HASH.test(hash) || !VARIANT.test(variant)) throw new Error(`bad media address ${hash}/${variant}`);
    return path.join(this.root, hash.slice(0, 2), hash, variant);
  }

  tempPath(): string {
    return scratchPath(path.dirname(this.root));
  }

  async putFile(hash: string, variant: string, localPath: string): Promise<void> {
    const to = this.file(hash, variant);
    await fsp.mkdir(path.dirname(to), { recursive: true });
    // rename is atomic: a reader sees the whole file or none; the same content may already be there
    await fsp.rename(localPath, to);
  }

  async putBuffer(hash: string, variant: string, data: Buffer): Promise<void> {
    const tmp = this.tempPath();
    await fsp.writeFile(tmp, data);
    await this.putFile(hash, variant, tmp);
  }

  async remove(hash: string): Promise<void> {
    if (!HASH.test(hash)) throw new Error(`bad media address ${hash}`);
    await fsp.rm(path.join(this.root, hash.slice(0, 2), hash), { recursive: true, force: true });
  }

  async get(hash: string, variant: string): Promise<StoredFile | null> {
    if (!HASH.test(hash) || !VARIANT.test(variant)) return null;
    const f = this.file(hash, variant);
    try {
      const st = await fsp.stat(f);
      return st.isFile() ? { size: st.size, stream: () => fs.createReadStream(f) } : null;
    } catch {
      return null;
    }
  }
}
