import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.join(import.meta.dirname, '../..');

export interface LinecastProcess {
  child: ChildProcess;
  /** Resolves when the process says it runs: the API's URL, 'worker' for a worker, or null if it exited first. */
  ready: Promise<string | null>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited(): Promise<void>;
}

/** Runs `linecast <args>` (bin/linecast.js) as a child process, as an operator or an orchestrator would. */
export function spawnLinecast(args: string[], env: Record<string, string | undefined>): LinecastProcess {
  const child = spawn(process.execPath, ['bin/linecast.js', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string | null>((resolve) => {
    const scan = (b: Buffer) => {
      out += b.toString();
      if (process.env.LINECAST_TEST_DEBUG) process.stderr.write(b);
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
      if (/Linecast worker running/.test(out)) resolve('worker');
    };
    child.stdout!.on('data', scan);
    child.stderr!.on('data', scan);
    child.on('exit', () => resolve(null));
  });
  const exited = () =>
    new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  return { child, ready, output: () => out, exited };
}

export async function killAll(ps: LinecastProcess[], signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  for (const p of ps) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await Promise.all(ps.map((p) => p.exited()));
}
