import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The LINE emulator in a process of its own (so its CPU is not the dispatcher's), configured by PUT /_emulator/config. */
export async function emulatorProcess(
  config: Record<string, unknown>,
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess; close(): Promise<void> }> {
  const root = path.join(import.meta.dirname, '../..');
  const child = spawn(process.execPath, [...nodeArgs, 'bin/linecast.js', 'emulator', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
  const r = await fetch(url + '/_emulator/config', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (!r.ok) throw new Error(`emulator config: ${await r.text()}`);
  return {
    url,
    child,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function emulatorStats(
  url: string,
): Promise<Record<string, unknown> & { recipientDeliveries: number; distinctUsers: number; usersWithMultipleDeliveries: number }> {
  return (await fetch(url + '/_emulator/stats')).json() as never;
}

/** Peak RSS of this process so far, sampled (process.resourceUsage().maxRSS is the OS's own peak). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
