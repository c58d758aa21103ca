/**
 * The media store over an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Ceph…), for several API processes
 * that share no disk. Same addresses as the local store (`<prefix><first 2 hex>/<sha256>/<variant>`); the bytes are
 * still served by Linecast at the same stable /m/ URLs (content type, cache headers and ETag from Linecast), so the
 * bucket can stay private. Scratch files for uploads in progress stay on local disk (sharp and ffmpeg read files).
 * The keys are given to the SDK only: never logged, never returned, never in an error message.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type { S3Client } from '@aws-sdk/client-s3';
import type { MediaStore, StoredFile } from '../app/ports.ts';
import { HASH, scratchPath, VARIANT, VARIANTS } from './store.ts';

export interface S3StoreConfig {
  bucket: string;
  region: string;
  /** An S3-compatible server's address (https://minio.example:9000); empty for AWS itself. */
  endpoint: string | null;
  /** Path-style addressing (http://host/bucket/key), which most S3-compatible servers want. */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `linecast/media/`. */
  prefix: string;
  /** Omitted: the SDK's default chain (instance role, AWS_* environment, shared files). */
  accessKeyId: string | null;
  secretAccessKey: string | null;
}

// The AWS SDK (~5 MB of heap and ~20 MB of RSS with its code) is loaded when a bucket is configured, not by every
// process that imports the media stores.
const require = createRequire(import.meta.url);
const sdk = () => require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

export class S3MediaStore implements MediaStore {
  private readonly s3: S3Client;

  constructor(
    private readonly cfg: S3StoreConfig,
    private readonly dataDir: string,
  ) {
    this.s3 = new (sdk().S3Client)({
      region: cfg.region,
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
      forcePathStyle: cfg.forcePathStyle,
      ...(cfg.accessKeyId && cfg.secretAccessKey
        ? { credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } }
        : {}),
      // Checksums only where S3 requires them: several S3-compatible servers refuse the newer default trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(hash: string, variant: string): string {
    if (!HASH.test(hash) || !VARIANT.test(variant)) throw new Error(`bad media address ${hash}/${variant}`);
    return `${this.cfg.prefix}${hash.slice(0, 2)}/${hash}/${variant}`;
  }

  tempPath(): string {
    return scratchPath(this.dataDir);
  }

  async putFile(hash: string, variant: string, localPath: string): Promise<void> {
    const { size } = await fsp.stat(localPath);
    await this.s3.send(
      new (sdk().PutObjectCommand)({
        Bucket: this.cfg.bucket,
        Key: this.key(hash, variant),
        Body: fs.createReadStream(localPath),
        ContentLength: size,
      }),
    );
    await fsp.rm(localPath, { force: true });
  }

  async putBuffer(hash: string, variant: string, data: Buffer): Promise<void> {
    await this.s3.send(
      new (sdk().PutObjectCommand)({ Bucket: this.cfg.bucket, Key: this.key(hash, variant), Body: data, ContentLength: data.length }),
    );
  }

  async get(hash: string, variant: string): Promise<StoredFile | null> {
    if (!HASH.test(hash) || !VARIANT.test(variant)) return null;
    const Key = this.key(hash, variant);
    let size: number;
    try {
      size = Number((await this.s3.send(new (sdk().HeadObjectCommand)({ Bucket: this.cfg.bucket, Key }))).ContentLength ?? 0);
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
    const s3 = this.s3;
    const bucket = this.cfg.bucket;
    return {
      size,
      // Opened when read, so a HEAD request or a 304 never starts a download.
      stream: () =>
        Readable.from(
          (async function* () {
            const r = await s3.send(new (sdk().GetObjectCommand)({ Bucket: bucket, Key }));
            yield* r.Body as Readable;
          })(),
        ),
    };
  }

  async remove(hash: string): Promise<void> {
    const Objects = VARIANTS.map((v) => ({ Key: this.key(hash, v) }));
    await this.s3.send(new (sdk().DeleteObjectsCommand)({ Bucket: this.cfg.bucket, Delete: { Objects, Quiet: true } }));
  }

  close(): void {
    this.s3.destroy();
  }
}
