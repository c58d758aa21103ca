import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('emulator CLI entry (src/emulator/main.ts)', () => {
  it('starts with a config file, prints its address, serves LINE paths, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linecast-emu-cli-'));
    const file = join(dir, 'emulator.json');
    writeFileSync(file, JSON.stringify({ tokens: ['cli-token'], bot: { displayName: 'CLI Bot' } }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--config', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const ok = await fetch(`${url}/v2/bot/info`, { headers: { authorization: 'Bearer cli-token' } });
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { displayName: string }).displayName, 'CLI Bot');
      const denied = await fetch(`${url}/v2/bot/info`, { headers: { authorization: 'Bearer other' } });
      assert.equal(denied.status, 401);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const code = await exited;
      assert.equal(code, 0);
    }
  });
});
