#!/usr/bin/env node
/* global process, console */
// Compiles the server (src/**/*.ts) into dist/ with esbuild, one JavaScript module per source file in the same
// folders, so `linecast start` and `linecast worker` run JavaScript: the main thread, the database thread and the
// render threads then load no tsx module hooks and transpiler (~20 MB of RSS each, and their start-up compile).
// Each file stays its own ES module with the same relative place, so `import.meta.url`-relative paths (migrations,
// thread entries, web/dist) hold; packages stay in node_modules. `npm start` runs this and it builds only when a
// source is newer than the last build, the way web/build-if-stale.mjs builds the UI. Tests and benches keep running
// the sources through tsx.
//   node scripts/build-server.mjs [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newest } from './newest-mtime.mjs';

const here = fileURLToPath(import.meta.url);
export const repo = path.dirname(path.dirname(here));
const src = path.join(repo, 'src');
export const dist = path.join(repo, 'dist');
// written last, with the time the build started: a source saved during a build leaves the build stale
const stamp = path.join(dist, '.built');
const inputs = [src, path.join(repo, 'package-lock.json'), path.join(repo, 'tsconfig.json'), here];

/** True when dist/ holds a complete build at least as new as every source. */
export function distIsFresh() {
  let builtAt;
  try {
    builtAt = fs.statSync(stamp).mtimeMs;
  } catch {
    return false;
  }
  return builtAt >= Math.max(...inputs.map(newest));
}

function files(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Builds into a fresh folder renamed into place when complete, so a build stopped halfway leaves the old one. `out`
 * (tests) must sit inside the repository, so node_modules is found from it.
 */
export async function buildServer(out = dist) {
  const startedAt = new Date();
  const { build } = await import('esbuild');
  const all = files(src);
  const work = `${out}.new-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  await build({
    entryPoints: all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outbase: src,
    outdir: work,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // "bundle" only so the plugin below sees every import: each one stays external, a relative `.ts` one renamed
    // to the `.js` file this build writes beside it
    bundle: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'one-module-per-file',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (a) => {
            if (a.kind === 'entry-point') return undefined;
            const rel = a.path.startsWith('./') || a.path.startsWith('../');
            return { path: rel ? a.path.replace(/\.ts$/, '.js') : a.path, external: true };
          });
        },
      },
    ],
  });
  // what the code reads beside itself (migrations); the .mjs entries exist only to load tsx for the sources
  for (const f of all.filter((f) => !/\.(ts|mjs)$/.test(f))) {
    const to = path.join(work, path.relative(src, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  fs.writeFileSync(path.join(work, '.built'), '');
  fs.utimesSync(path.join(work, '.built'), startedAt, startedAt);
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(work, out);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const force = process.argv.includes('--force');
  if (force || !distIsFresh()) {
    const t0 = Date.now();
    await buildServer();
    console.log(`Server compiled into dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  }
}
