import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

/**
 * The import rules of docs/architecture.md are checked by dependency-cruiser (.dependency-cruiser.cjs, `npm run
 * lint:deps`). These tests show the check fails a build that breaks them — each kind of violation, and the issue's
 * own example added to a copy of the real tree — and passes on the tree as it is.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');
const run = promisify(execFile);

async function check(cwd: string, dirs: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(depcruise, [...dirs, '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
      cwd,
      maxBuffer: 16 << 20,
    });
    return { ok: true, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-deps-'));
  fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

test('the rules pass a small tree that keeps them, and fail each kind of violation by name', async () => {
  const clean = {
    'src/domain/rule.ts': 'export const rule = 1;\n',
    'src/schemas/shape.ts': "import { rule } from '../domain/rule.ts';\nexport const shape = rule;\n",
    'src/app/ports.ts': "import type { shape } from '../schemas/shape.ts';\nexport type Port = typeof shape;\n",
    'src/delivery/engine.ts': "import type { Port } from '../app/ports.ts';\nexport const engine = (p: Port) => p;\n",
    'src/campaigns/launch.ts': "import { engine } from '../delivery/engine.ts';\nexport const launch = engine;\n",
    'src/http/context.ts': "import type { Port } from '../app/ports.ts';\nexport type Ctx = { port: Port };\n",
    'src/runtime/server.ts':
      "import { launch } from '../campaigns/launch.ts';\nimport type { Ctx } from '../http/context.ts';\nexport const s = (c: Ctx) => launch(c.port);\n",
    'src/emulator/server.ts': "import { rule } from '../domain/rule.ts';\nexport const e = rule;\n",
    'web/src/page.ts': "import { shape } from '../../src/schemas/shape.ts';\nexport const page = shape;\n",
  };
  const good = await check(tree(clean), ['src', 'web/src']);
  assert.ok(good.ok, good.out);

  const violations: [string, Record<string, string>][] = [
    // the example: the engine reaching up for AppContext
    ['no-upward-from-features', { 'src/delivery/service.ts': "import type { Ctx } from '../http/context.ts';\nexport type X = Ctx;\n" }],
    ['no-upward-from-app', { 'src/app/more.ts': "import { engine } from '../delivery/engine.ts';\nexport const m = engine;\n" }],
    ['no-upward-from-domain', { 'src/domain/other.ts': "import { shape } from '../schemas/shape.ts';\nexport const o = shape;\n" }],
    // two features importing each other (same layer, so only the cycle rule sees it)
    ['no-folder-cycles', { 'src/delivery/results.ts': "import { launch } from '../campaigns/launch.ts';\nexport const r = launch;\n" }],
    [
      'emulator-imports-only-domain',
      { 'src/emulator/extra.ts': "import { shape } from '../schemas/shape.ts';\nexport const x = shape;\n" },
    ],
    [
      'only-the-entry-layer-imports-the-emulator',
      { 'src/campaigns/emu.ts': "import { e } from '../emulator/server.ts';\nexport const x = e;\n" },
    ],
    [
      'web-imports-only-shared',
      { 'web/src/reach.ts': "import { engine } from '../../src/delivery/engine.ts';\nexport const x = engine;\n" },
    ],
    ['no-unresolvable', { 'src/delivery/gone.ts': "import { nothing } from './not-there.ts';\nexport const g = nothing;\n" }],
  ];
  for (const [rule, extra] of violations) {
    const r = await check(tree({ ...clean, ...extra }), ['src', 'web/src']);
    assert.equal(r.ok, false, `${rule} should fail the check:\n${r.out}`);
    assert.match(r.out, new RegExp(`error ${rule}:`), r.out);
  }
});

test('the real tree passes, and fails once the issue example (delivery importing http/context.ts) is added to a copy', async () => {
  const real = await check(root, ['src', 'web/src']);
  assert.ok(real.ok, real.out);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-deps-real-'));
  fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.cpSync(path.join(root, 'src'), path.join(dir, 'src'), { recursive: true });
  fs.cpSync(path.join(root, 'web/src'), path.join(dir, 'web/src'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const file = path.join(dir, 'src/delivery/test-send.ts');
  fs.writeFileSync(file, "import type { App } from '../http/context.ts';\nexport type Deliberate = App;\n" + fs.readFileSync(file, 'utf8'));
  const broken = await check(dir, ['src', 'web/src']);
  assert.equal(broken.ok, false, broken.out);
  assert.match(broken.out, /error no-upward-from-features: src\/delivery\/test-send\.ts → src\/http\/context\.ts/);
  assert.match(broken.out, /error no-folder-cycles/);
});

test('no module of src is imported for its side effects (nothing registers itself by being loaded)', () => {
  const bare: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs)$/.test(e.name)) {
        for (const line of fs.readFileSync(p, 'utf8').split('\n'))
          if (/^\s*import\s+['"]/.test(line)) bare.push(`${path.relative(root, p)}: ${line.trim()}`);
      }
    }
  };
  walk(path.join(root, 'src'));
  assert.deepEqual(bare, []);
});

test('every route module in src/http/routes is in the static list (src/http/routes.ts), once', async () => {
  const { routeModules } = await import('../../src/http/routes.ts');
  const files = fs.readdirSync(path.join(root, 'src/http/routes')).filter((f) => f.endsWith('.ts'));
  const listed = fs.readFileSync(path.join(root, 'src/http/routes.ts'), 'utf8').match(/from '\.\/routes\/[^']+\.ts'/g) ?? [];
  assert.deepEqual(listed.map((l) => l.slice("from './routes/".length, -1)).sort(), files.sort());
  assert.equal(routeModules.length, files.length);
  assert.equal(new Set(routeModules).size, routeModules.length);
  for (const m of routeModules) assert.equal(typeof m, 'function');
});
