import { Command } from 'commander';
import { loadConfig } from './config.ts';
import { startServer } from './runtime/server.ts';
import { openDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './runtime/demo.ts';

const program = new Command();
program.name('linecast').description('Linecast: a self-hosted LINE campaign studio').version('0.1.0');

function onSignals(stop: () => Promise<void>) {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

program
  .command('start')
  .description('Run the API and UI; with the embedded database also the scheduler and the dispatcher, plus demo data')
  .option('--no-worker', 'API only: leave scheduling and delivery to `linecast worker` processes (needs DATABASE_URL)')
  .option('--no-demo', 'Do not seed demo data or the sandbox LINE account')
  .action(async (opts: { worker: boolean; demo: boolean }) => {
    const config = loadConfig();
    if (!opts.worker && !config.databaseUrl) {
      console.error('--no-worker needs DATABASE_URL: the embedded database allows one process, which must also deliver.');
      process.exit(2);
    }
    const run = await startServer(config, {
      worker: opts.worker,
      logger: true,
      onBoot: opts.demo ? (ctx, boot) => seedDemo(ctx, boot) : undefined,
    });
    onSignals(run.stop);
    console.log(`Linecast is running at ${run.url} (database: ${run.ctx.db.engine})`);
    if (run.boot.apiKey) {
      console.log('\nFirst start: created the admin user and the demo workspace.');
      console.log(`Admin API key (shown once, keep it): ${run.boot.apiKey}\n`);
    }
  });

program
  .command('worker')
  .description('Run the scheduler and the dispatcher only (scale-out; needs DATABASE_URL)')
  .action(async () => {
    const config = loadConfig();
    if (!config.databaseUrl) {
      console.error('`linecast worker` needs DATABASE_URL: with the embedded database, `linecast start` already runs the worker.');
      process.exit(2);
    }
    const run = await startServer(config, { http: false, worker: true, logger: true });
    onSignals(run.stop);
    console.log('Linecast worker running');
  });

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false });
    const applied = await migrate(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
    await db.close();
  });

program
  .command('emulator')
  .description('Run the LINE Messaging API emulator')
  .option('--port <port>', 'port', '8081')
  .option('--host <host>', 'host', '127.0.0.1')
  .action(async (opts: { port: string; host: string }) => {
    const { runEmulatorCli } = await import('./emulator/main.ts');
    await runEmulatorCli({ port: Number(opts.port), host: opts.host });
  });

await program.parseAsync(process.argv);
