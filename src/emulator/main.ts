import { readFile } from 'node:fs/promises';
import { emulatorConfigSchema, type EmulatorConfigInput } from './config.ts';
import { startEmulator, type RunningEmulator } from './server.ts';

export interface EmulatorCliOptions {
  port?: number;
  host?: string;
  /** A JSON file with emulator config (see docs/emulator.md); LINECAST_EMULATOR_CONFIG as a fallback. */
  configFile?: string;
  /** Extra config, e.g. from the embedding process. */
  config?: EmulatorConfigInput;
  /** Keep the emulator's memory here across restarts; LINECAST_EMULATOR_STATE_DIR as a fallback. */
  stateDir?: string;
  /** Refuse what Linecast's policy warns about too (see docs/emulator.md). */
  strict?: boolean;
}

/** `linecast emulator --port N`: runs until SIGINT/SIGTERM. Prints the address as one line. */
export async function runEmulatorCli(opts: EmulatorCliOptions = {}): Promise<RunningEmulator> {
  const file = opts.configFile ?? process.env.LINECAST_EMULATOR_CONFIG;
  const fromFile: EmulatorConfigInput = file ? (JSON.parse(await readFile(file, 'utf8')) as EmulatorConfigInput) : {};
  const config = emulatorConfigSchema.parse({ ...fromFile, ...opts.config, ...(opts.strict ? { strict: true } : {}) });
  const stateDir = opts.stateDir ?? process.env.LINECAST_EMULATOR_STATE_DIR;
  const emu = await startEmulator({
    ...config,
    port: opts.port ?? 8081,
    host: opts.host ?? '127.0.0.1',
    ...(stateDir ? { stateDir } : {}),
  });
  const notes = [stateDir ? `state in ${stateDir}` : 'state in memory', ...(config.strict ? ['strict'] : [])];
  console.log(`LINE emulator listening at ${emu.url} (inspection API at ${emu.url}/_emulator/stats; ${notes.join(', ')})`);
  const stop = () => {
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return emu;
}

// Direct use: `node --import tsx src/emulator/main.ts --port 8081 [--host 0.0.0.0] [--config file.json] [--state-dir dir] [--strict]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const port = arg('port');
  const opts: EmulatorCliOptions = {};
  if (port) opts.port = Number(port);
  const host = arg('host');
  if (host) opts.host = host;
  const configFile = arg('config');
  if (configFile) opts.configFile = configFile;
  const stateDir = arg('state-dir');
  if (stateDir) opts.stateDir = stateDir;
  if (process.argv.includes('--strict')) opts.strict = true;
  await runEmulatorCli(opts);
}
