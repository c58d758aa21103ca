/** The media store the configuration asks for: the data directory (default) or an S3-compatible bucket. */
import type { Config } from '../config.ts';
import type { MediaStore } from '../app/ports.ts';
import { S3MediaStore } from './s3-store.ts';
import { LocalMediaStore } from './store.ts';

export function createMediaStore(config: Pick<Config, 'dataDir' | 'mediaS3'>): MediaStore {
  return config.mediaS3 ? new S3MediaStore(config.mediaS3, config.dataDir) : new LocalMediaStore(config.dataDir);
}
