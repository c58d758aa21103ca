import path from 'node:path';

/** Everything Linecast reads from its environment, with the defaults the README documents. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  secretKey: string | null;
  publicBaseUrl: string;
  adminKey: string | null;
  logLevel: string;
  /** LOG_FORMAT: pretty, json, or auto (pretty on a terminal, JSON otherwise). */
  logFormat: string;
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
    logLevel: env.LOG_LEVEL ?? 'info',
    logFormat: env.LOG_FORMAT ?? 'auto',
  };
}
