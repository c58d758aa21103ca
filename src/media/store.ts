/**
 * Where media bytes live. One interface so an S3-compatible bucket can be added for scale-out; only the local store
 * (under the data directory) is built. Files are addressed by the SHA-256 of the uploaded file and a variant name
 * (`original`, `preview`, `imagemap/1040`…), written once and never changed, so they can be cached for ever.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export const VARIANT = /^(?:original|preview|imagemap\/(?:240|300|460|700|1040))$/;
export const HASH = /^[0-9a-f]{64}$/;

export interface StoredFile {
  size: number;
  stream(): NodeJS.ReadableStream;
}

export interface MediaStore {
  /** Stores a file already on local disk (moved, not copied, when possible); keeps an existing copy. */
  putFile(hash: string, variant: string, localPath: string): Promise<void>;
  putBuffer(hash: string, variant: string, data: Buffer): Promise<void>;
  get(hash: string, variant: string): Promise<StoredFile | null>;
  /** A scratch path for an upload in progress, on the same disk as the store. */
  tempPath(): string;
}

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
    fs.mkdirSync(path.join(this.root, 'tmp'), { recursive: true });
    return path.join(this.root, 'tmp', randomUUID());
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
