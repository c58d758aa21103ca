import path from 'node:path';
import { parseAllowedHosts } from './domain/line-hosts.ts';

/** Everything Linecast reads from its environment, with the defaults the README documents. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  secretKey: string | null;
  publicBaseUrl: string;
  adminKey: string | null;
  /** The first admin's email, and optionally their password (then none is generated or printed). */
  adminEmail: string;
  adminPassword: string | null;
  /** Fastify's trustProxy: whose X-Forwarded-For/-Proto to believe (client address for throttling, https for cookies). */
  trustProxy: boolean | number | string;
  logLevel: string;
  /** LOG_FORMAT: pretty, json, or auto (pretty on a terminal, JSON otherwise). */
  logFormat: string;
  /** LINECAST_LINE_ALLOWED_HOSTS as origins: hosts besides LINE's that accounts may send credentials to (a proxy). */
  lineAllowedHosts: string[];
  /** Profile imports: total bytes after decompression, one line / CSV record, one value (all UTF-8 bytes). */
  importMaxBytes: number;
  importMaxRowBytes: number;
  importMaxFieldBytes: number;
  /** The media library's S3-compatible bucket (LINECAST_MEDIA_S3_*); null keeps files in the data directory. */
  mediaS3: MediaS3Config | null;
  /** ffmpeg and ffprobe for video previews (LINECAST_FFMPEG, LINECAST_FFPROBE; `off` to do without). */
  ffmpeg: { ffmpeg: string; ffprobe: string };
}

export interface MediaS3Config {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  prefix: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
}

/**
 * LINECAST_MEDIA_S3_BUCKET switches media to the bucket; the rest is optional (docs/operations.md). A half-given key
 * pair or a malformed endpoint stops the start with a message that names the variable, never its value.
 */
export function mediaS3Config(env: NodeJS.ProcessEnv = process.env): MediaS3Config | null {
  const bucket = env.LINECAST_MEDIA_S3_BUCKET?.trim();
  if (!bucket) return null;
  const endpoint = env.LINECAST_MEDIA_S3_ENDPOINT?.trim() || null;
  if (endpoint) {
    if (!URL.canParse(endpoint) || !['http:', 'https:'].includes(new URL(endpoint).protocol))
      throw new Error('LINECAST_MEDIA_S3_ENDPOINT must be an http(s) URL');
  }
  const accessKeyId = env.LINECAST_MEDIA_S3_ACCESS_KEY_ID || null;
  const secretAccessKey = env.LINECAST_MEDIA_S3_SECRET_ACCESS_KEY || null;
  if (!accessKeyId !== !secretAccessKey)
    throw new Error('LINECAST_MEDIA_S3_ACCESS_KEY_ID and LINECAST_MEDIA_S3_SECRET_ACCESS_KEY are set together or not at all');
  const style = env.LINECAST_MEDIA_S3_FORCE_PATH_STYLE;
  let prefix = env.LINECAST_MEDIA_S3_PREFIX?.trim() ?? '';
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  return {
    bucket,
    region: env.LINECAST_MEDIA_S3_REGION?.trim() || 'us-east-1',
    endpoint,
    // S3-compatible servers mostly want path-style; AWS itself does virtual-hosted style
    forcePathStyle: style === undefined || style === '' ? endpoint !== null : style === 'true' || style === '1',
    prefix,
    accessKeyId,
    secretAccessKey,
  };
}

/** Import size limits unless configured (documented in docs/audience.md). */
export const IMPORT_LIMIT_DEFAULTS = { maxBytes: 1024 ** 3, maxRowBytes: 1024 ** 2, maxFieldBytes: 64 * 1024 };

function byteSize(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number of bytes, got "${raw}"`);
  return n;
}

/** TRUST_PROXY: unset/false, true (any hop), a hop count, or addresses/CIDRs separated by commas. */
function trustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const host = env.HOST ?? '127.0.0.1';
  return {
    port,
    host,
    dataDir: path.resolve(env.LINECAST_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    secretKey: env.LINECAST_SECRET_KEY || null,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, ''),
    adminKey: env.LINECAST_ADMIN_KEY || null,
    adminEmail: (env.LINECAST_ADMIN_EMAIL || 'admin@linecast.local').trim().toLowerCase(),
    adminPassword: env.LINECAST_ADMIN_PASSWORD || null,
    trustProxy: trustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? 'info',
    logFormat: env.LOG_FORMAT ?? 'auto',
    lineAllowedHosts: lineAllowedHosts(env),
    importMaxBytes: byteSize(env, 'LINECAST_IMPORT_MAX_BYTES', IMPORT_LIMIT_DEFAULTS.maxBytes),
    importMaxRowBytes: byteSize(env, 'LINECAST_IMPORT_MAX_ROW_BYTES', IMPORT_LIMIT_DEFAULTS.maxRowBytes),
    importMaxFieldBytes: byteSize(env, 'LINECAST_IMPORT_MAX_FIELD_BYTES', IMPORT_LIMIT_DEFAULTS.maxFieldBytes),
    mediaS3: mediaS3Config(env),
    ffmpeg: { ffmpeg: env.LINECAST_FFMPEG || 'ffmpeg', ffprobe: env.LINECAST_FFPROBE || 'ffprobe' },
  };
}

/** The operator's extra LINE API hosts (LINECAST_LINE_ALLOWED_HOSTS, comma-separated; empty by default). Throws on a bad entry. */
export function lineAllowedHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  return parseAllowedHosts(env.LINECAST_LINE_ALLOWED_HOSTS);
}
