import type { Config } from '../config.ts';
import { openDb } from '../db/open.ts';
import { advisoryXactLock, LOCKS } from '../db/locks.ts';
import { loadSecretKey, SecretBox } from '../security/secret-box.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import type { AppContext } from '../app/context.ts';
import type { Logger } from 'pino';
import { bootstrap, firstSignIn, type BootstrapResult, type FirstSignIn } from './bootstrap.ts';
import { createLogger, logFormat } from './logger.ts';
import { backgroundServices } from './services.ts';
import { buildContext } from './context.ts';
import { discardUnfinishedImports } from '../audience/index.ts';

export interface Running {
  app: App | null;
  ctx: AppContext;
  url: string | null;
  boot: BootstrapResult;
  /** How to sign in, on the one start that set it up (print it once); null otherwise. */
  signIn: FirstSignIn | null;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates, bootstraps, then runs the API (unless apiOnly=false and http=false) and the
 * background services. Embedded mode runs everything in this one process (PGlite allows only one).
 */
export async function startServer(
  config: Config,
  opts: {
    http?: boolean;
    worker?: boolean;
    logger?: boolean;
    log?: Logger;
    onBoot?: (ctx: AppContext, boot: BootstrapResult) => Promise<void>;
  } = {},
): Promise<Running> {
  // One logger for the request log and the background services (its level: LOG_LEVEL).
  const format = logFormat(config.logFormat);
  const log = opts.log ?? createLogger(opts.logger === false ? 'silent' : config.logLevel, undefined, format);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  // An embedded import cut short by a crash mid-merge is undone before anything reads its parent segment.
  const discarded = await discardUnfinishedImports(db);
  if (discarded.length) log.warn({ parentSegmentIds: discarded }, 'an import cut short by a stop was undone; import the file again');
  const box = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  const ctx = buildContext({ db, box, config, log });
  // Processes started together on a fresh database (an orchestrator's replicas) take turns: the first creates the
  // admin, the others find it.
  const boot = await db.tx(async (q) => {
    await advisoryXactLock(q, LOCKS.firstStart);
    return bootstrap(q, config.adminKey, config.adminEmail);
  });
  // Only a server people reach sets up the first password: a worker starting first would print it where nobody looks.
  const signIn = opts.http !== false ? await firstSignIn(db, config.adminPassword) : null;
  if (opts.onBoot) await opts.onBoot(ctx, boot);

  const started: { stop(): Promise<void> }[] = [];
  for (const s of backgroundServices) {
    if (s.worker && opts.worker === false) continue;
    started.push(await s.start(ctx));
  }
  let app: App | null = null;
  let url: string | null = null;
  if (opts.http !== false) {
    app = await buildApp(ctx, { logger: opts.logger, quietRequests: format === 'pretty' });
    url = await app.listen({ port: config.port, host: config.host });
  }
  let stopped = false;
  return {
    app,
    ctx,
    url,
    boot,
    signIn,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (app) await app.close();
      for (const s of started.reverse()) await s.stop();
      await db.close();
    },
  };
}
