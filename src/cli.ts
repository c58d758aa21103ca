import { Command } from 'commander';
import { loadConfig } from './config.ts';
import { startServer } from './runtime/server.ts';
import { openDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import { demoLocale, seedDemo, seededDemoLocale } from './runtime/demo.ts';
import { DEMO_DATA } from './runtime/demo-data.ts';
import { attachSandboxAccount, startSandbox } from './runtime/sandbox.ts';
import { privateUmask } from './db/data-dir.ts';
import { signInMessage } from './runtime/sign-in-message.ts';

// Whatever a command writes (database, secret key, lock, emulator state) is for the owner only.
privateUmask();

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
  .option('--demo-locale <locale>', 'language of the demo data on first start: en, ja, th or zh-TW (default: from LC_ALL/LANG)')
  .action(async (opts: { worker: boolean; demo: boolean; demoLocale?: string }) => {
    const config = loadConfig();
    let locale;
    try {
      locale = demoLocale(opts.demoLocale ?? process.env.LINECAST_DEMO_LOCALE);
    } catch (e) {
      console.error((e as Error).message);
      process.exit(2);
    }
    if (!opts.worker && !config.databaseUrl) {
      console.error('--no-worker needs DATABASE_URL: the embedded database allows one process, which must also deliver.');
      process.exit(2);
    }
    const sandbox = opts.demo ? await startSandbox(Number(process.env.LINECAST_SANDBOX_PORT ?? config.port + 1), config.dataDir) : null;
    const run = await startServer(config, {
      worker: opts.worker,
      logger: true,
      onBoot: sandbox
        ? async (ctx, boot) => {
            await seedDemo(ctx, boot, locale);
            const seededIn = (await seededDemoLocale(ctx)) ?? locale;
            await attachSandboxAccount(ctx, sandbox.url, boot.workspaceId, DEMO_DATA[seededIn].sandboxAccount);
          }
        : undefined,
    });
    onSignals(async () => {
      await run.stop();
      await sandbox?.close();
    });
    console.log(`Linecast is running at ${run.url} (database: ${run.ctx.db.engine})`);
    if (run.signIn) console.log(signInMessage(run.url ?? run.ctx.config.publicBaseUrl, run.signIn, run.boot.created));
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
  .command('reset-password')
  .description('Give a user a new one-time password and print it (a lost admin password; with the embedded database stop the server first)')
  .argument('<email>', "the user's email")
  .action(async (email: string) => {
    const { resetPasswordCli } = await import('./runtime/reset-password.ts');
    process.exitCode = await resetPasswordCli(loadConfig(), email);
  });

program
  .command('archive-deliveries')
  .description(
    'Drop (or export, then drop) the per-recipient delivery rows of campaigns finished before a date; reports keep their totals; live campaigns are refused',
  )
  .requiredOption('--before <date>', 'campaigns that moved to Finished before this date (YYYY-MM-DD or ISO 8601)')
  .option('--campaign <id...>', 'only these campaigns')
  .option('--export-dir <dir>', 'write each delivery log there (<campaign id>.deliveries.ndjson.gz) before dropping it')
  .option('--drop', 'drop without a copy')
  .option('--dry-run', 'only list what would be archived')
  .action(async (o: { before: string; campaign?: string[]; exportDir?: string; drop?: boolean; dryRun?: boolean }) => {
    const { archiveDeliveriesCli } = await import('./runtime/archive-deliveries.ts');
    process.exitCode = await archiveDeliveriesCli(loadConfig(), o);
  });

program
  .command('emulator')
  .description('Run the LINE Messaging API emulator')
  .option('--port <port>', 'port', '8081')
  .option('--host <host>', 'host', '127.0.0.1')
  .option('--config <file>', 'a JSON file with emulator config')
  .option('--state-dir <dir>', 'keep retry keys, deliveries and usage in this directory across restarts')
  .option('--strict', "also refuse what LINE's docs do not refuse but Linecast warns about")
  .action(async (opts: { port: string; host: string; config?: string; stateDir?: string; strict?: boolean }) => {
    const { runEmulatorCli } = await import('./emulator/main.ts');
    await runEmulatorCli({
      port: Number(opts.port),
      host: opts.host,
      configFile: opts.config,
      stateDir: opts.stateDir,
      strict: opts.strict,
    });
  });

program
  .command('import')
  .description('Import profiles from CSV or NDJSON (file, .gz, or - for stdin) into a parent segment')
  .requiredOption('--file <path>', 'the file to import, or - for standard input')
  .option('--parent-segment <id>', 'parent segment id')
  .option('--parent-segment-name <name>', 'parent segment name (with --create, made when missing)')
  .option('--create', 'create the parent segment by name when it does not exist')
  .option('--format <format>', 'csv or ndjson (default: from the file name)')
  .option('--key-column <name>', 'the customer key column', 'customer_key')
  .option('--line-user-id-column <name>', 'the LINE user id column', 'line_user_id')
  .option('--delimiter <char>', 'CSV delimiter (one character, or "tab")')
  .option('--encoding <encoding>', 'auto (UTF-8 with or without BOM, or Shift_JIS), utf-8 or shift_jis', 'auto')
  .action(
    async (o: {
      file: string;
      parentSegment?: string;
      parentSegmentName?: string;
      create?: boolean;
      format?: 'csv' | 'ndjson';
      keyColumn: string;
      lineUserIdColumn: string;
      delimiter?: string;
      encoding: string;
    }) => {
      const { runImportCli } = await import('./cli-import.ts');
      if (!o.parentSegment && !o.parentSegmentName) {
        console.error('Name the parent segment: --parent-segment <id> or --parent-segment-name <name>');
        process.exit(2);
      }
      try {
        const r = await runImportCli({
          file: o.file,
          parentSegmentId: o.parentSegment,
          parentSegmentName: o.parentSegmentName,
          create: o.create,
          format: o.format,
          keyColumn: o.keyColumn,
          lineUserIdColumn: o.lineUserIdColumn,
          delimiter: o.delimiter,
          encoding: o.encoding as 'auto',
        });
        console.log(JSON.stringify(r));
      } catch (e) {
        // A file that cannot be imported says why and where (line N), as the API's 400 does; no stack trace.
        const { EngineError } = await import('./errors.ts');
        if (!(e instanceof EngineError)) throw e;
        console.error(e.message);
        process.exit(1);
      }
    },
  );

await program.parseAsync(process.argv);
