import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App, AppContext } from '../../src/http/context.ts';
import { bootstrap } from '../../src/runtime/bootstrap.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { newApiKey } from '../../src/security/api-keys.ts';
import { testDb, type TestDb } from './db.ts';
import { buildContext } from '../../src/runtime/context.ts';

export interface TestApp {
  app: App;
  ctx: AppContext;
  tdb: TestDb;
  adminKey: string;
  workspaceId: string;
  /** Authorization header for a key. */
  auth(key?: string): { authorization: string };
  close(): Promise<void>;
}

/** The real HTTP app on a fresh database, bootstrapped with an admin and a workspace (inject, no socket). */
export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const tdb = await testDb();
  const config: Config = { ...loadConfig({}), dataDir: path.join(os.tmpdir(), 'linecast-unused'), ...overrides };
  const box = new SecretBox(crypto.randomBytes(32));
  const ctx: AppContext = buildContext({ db: tdb.db, box, config, log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  // The admin's key, as LINECAST_ADMIN_KEY would give it (first start itself creates no key any more).
  const adminKey = newApiKey();
  const boot = await tdb.db.tx((q) => bootstrap(q, adminKey));
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    tdb,
    adminKey,
    workspaceId: boot.workspaceId!,
    auth: (key = adminKey) => ({ authorization: `Bearer ${key}` }),
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}
