#!/usr/bin/env node
/* global process, console */
// Builds the web UI (web/dist) when any of its inputs is newer than the last build, so `npm start` always serves
// the current UI without a separate build command, and a restart without changes costs a few milliseconds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from '../scripts/newest-mtime.mjs';

const web = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(web);
const stamp = path.join(web, 'dist', 'index.html');
const inputs = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  // the only server code the UI may import (web/test/boundaries.test.ts holds it to that)
  path.join(repo, 'src', 'schemas'),
  path.join(repo, 'src', 'domain'),
  path.join(repo, 'package-lock.json'),
];

const force = process.argv.includes('--force');
let builtAt = 0;
try {
  builtAt = fs.statSync(stamp).mtimeMs;
} catch {
  /* never built */
}
const changed = Math.max(...inputs.map(newest));
if (!force && builtAt && builtAt >= changed) process.exit(0);

console.log(builtAt ? 'Web UI sources changed: rebuilding web/dist…' : 'Building the web UI (web/dist), once…');
const t0 = Date.now();
const { build } = await import('vite');
await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
console.log(`Web UI built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
