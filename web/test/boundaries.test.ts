/**
 * The UI's boundaries, read from the source itself (imports parsed by the TypeScript compiler, not by regex):
 * - web/src imports server code only from the declared shared place, src/domain and src/schemas (pure rules and API
 *   shapes), and what it reaches there stays inside that place;
 * - only the API client folder (web/src/api) spells '/api/v1' or talks to the network (fetch, XMLHttpRequest, …);
 * - no import cycle between the UI's modules (type-only imports count: they tie the files together all the same).
 * Each rule is shown failing on a deliberate violation below, so the check cannot pass by checking nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const UI = 'web/src/';
const API_FOLDER = 'web/src/api/';
const SHARED = ['src/domain/', 'src/schemas/'];
/** Ways out to the network; the API client folder is their only home. */
const NETWORK = new Set(['fetch', 'XMLHttpRequest', 'EventSource', 'WebSocket', 'sendBeacon']);

/** Repo-relative paths with forward slashes. */
type Read = (file: string) => string | undefined;
const posix = (p: string) => p.split(sep).join('/');

/** Every import, re-export and dynamic import of a file, type-only ones included. */
function importsOf(file: string, text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The repo file a relative specifier names (extension as written, or .ts/.tsx/index.ts), or null for a package. */
function resolveImport(from: string, spec: string, read: Read): string | null {
  if (!spec.startsWith('.')) return null;
  const base = posix(join(dirname(from), spec));
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (read(c) !== undefined) return c;
  return base;
}

/** String and template literals of a file that contain `needle`, and the network globals it names. */
function literalsAndNetwork(file: string, text: string, needle: string): { literals: string[]; network: string[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const literals: string[] = [];
  const network: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n)) && n.text.includes(needle) && !ts.isImportDeclaration(n.parent))
      literals.push(n.text);
    if (ts.isIdentifier(n) && NETWORK.has(n.text)) network.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { literals, network };
}

/** Every boundary broken by the UI files `uiFiles`, one line each (empty when the layout holds). */
function violations(uiFiles: string[], read: Read): string[] {
  const out: string[] = [];
  const graph = new Map<string, string[]>();
  // the shared files the UI reaches, followed to the end: what they import is the UI's import too
  const reached = new Map<string, string>();
  const queue: [string, string][] = [];
  for (const file of uiFiles) {
    const text = read(file) ?? '';
    const edges: string[] = [];
    for (const spec of importsOf(file, text)) {
      if (spec.startsWith('node:')) out.push(`${file}: imports ${spec} (a Node built-in; the UI runs in the browser)`);
      const target = resolveImport(file, spec, read);
      if (!target) continue;
      if (target.startsWith(UI)) edges.push(target);
      else if (SHARED.some((s) => target.startsWith(s))) queue.push([target, file]);
      else out.push(`${file}: imports ${target}, outside web/src and the shared ${SHARED.join(' and ')}`);
    }
    graph.set(file, edges);
    if (!file.startsWith(API_FOLDER)) {
      const { literals, network } = literalsAndNetwork(file, text, '/api/v1');
      for (const l of literals) out.push(`${file}: spells an API URL ('${l}') outside ${API_FOLDER}`);
      for (const n of new Set(network)) out.push(`${file}: uses ${n} outside ${API_FOLDER} (calls go through the API client)`);
    }
  }
  while (queue.length) {
    const [file, via] = queue.shift()!;
    if (reached.has(file)) continue;
    reached.set(file, via);
    for (const spec of importsOf(file, read(file) ?? '')) {
      const target = resolveImport(file, spec, read);
      if (!target) continue;
      if (SHARED.some((s) => target.startsWith(s))) queue.push([target, via]);
      else out.push(`${file} (imported by ${via}): imports ${target}, so the UI would too; the shared place imports only itself`);
    }
  }
  for (const cycle of cycles(graph)) out.push(`import cycle: ${cycle.join(' → ')}`);
  return out;
}

/** The import cycles of a graph, each as the files around it (starting and ending at the same file). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) walk(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) walk(n);
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return filesUnder(`${rel}/`);
    return /\.(ts|tsx)$/.test(name) ? [rel] : [];
  });
}

const readDisk: Read = (file) =>
  existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).isFile() ? readFileSync(join(ROOT, file), 'utf8') : undefined;

describe('UI boundaries', () => {
  it('web/src imports only web/src, src/domain and src/schemas; only web/src/api spells /api/v1 or fetches; no cycles', () => {
    const files = filesUnder(UI);
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain('web/src/api/paths.ts');
    expect(violations(files, readDisk)).toEqual([]);
  });

  it('reads the imports the UI really has (so an empty answer above means something)', () => {
    const page = 'web/src/campaigns/CampaignPage.tsx';
    const deps = importsOf(page, readDisk(page)!).map((s) => resolveImport(page, s, readDisk));
    expect(deps).toContain('web/src/campaigns/tabs/tab.ts');
    expect(deps).toContain('src/domain/campaign-state.ts');
  });

  describe('fails on a deliberate violation', () => {
    // A small tree in memory: one file of each kind, each breaking one rule.
    const tree: Record<string, string> = {
      'web/src/ok.ts': `import { z } from 'zod';\nimport { LIMITS } from '../../src/domain/messages/limits.ts';\nimport type { Campaign } from '../../src/schemas/campaign.ts';\nexport const x = 1;`,
      'web/src/server.ts': `import type { Progress } from '../../src/delivery/progress.ts';\nexport type P = Progress;`,
      'web/src/dynamic.tsx': `export const load = () => import('../../src/http/app.ts');`,
      'web/src/reexport.ts': `export { AppError } from '../../src/errors.ts';`,
      'web/src/builtin.ts': `import { readFileSync } from 'node:fs';\nexport const r = readFileSync;`,
      'web/src/url.tsx': "export const u = (ws: string) => `/api/v1/workspaces/${ws}/campaigns`;\nexport const v = '/api/v1/me';",
      'web/src/net.ts': `export const g = () => fetch('/x');\nexport const s = new EventSource('/y');`,
      'web/src/api/client.ts': `export const base = '/api/v1';\nexport const g = () => fetch(base);`,
      'web/src/cycle-a.ts': `import type { B } from './cycle-b.ts';\nexport type A = B;`,
      'web/src/cycle-b.ts': `import { a } from './cycle-a';\nexport type B = typeof a;`,
      'web/src/shared-user.ts': `import { dirty } from '../../src/schemas/dirty.ts';\nexport const d = dirty;`,
      'src/schemas/dirty.ts': `import { db } from '../db/index.ts';\nexport const dirty = db;`,
      'src/domain/messages/limits.ts': `export const LIMITS = {};`,
      'src/schemas/campaign.ts': `import { z } from 'zod';\nimport { LIMITS } from '../domain/messages/limits.ts';\nexport const Campaign = z.object({});`,
    };
    const read: Read = (f) => tree[f];
    const ui = Object.keys(tree).filter((f) => f.startsWith(UI));
    const found = violations(ui, read);
    const about = (file: string) => found.filter((v) => v.startsWith(file));

    it('an import of server code outside the shared place, static, type-only, dynamic or re-exported', () => {
      expect(about('web/src/server.ts')).toEqual([expect.stringContaining('imports src/delivery/progress.ts')]);
      expect(about('web/src/dynamic.tsx')).toEqual([expect.stringContaining('imports src/http/app.ts')]);
      expect(about('web/src/reexport.ts')).toEqual([expect.stringContaining('imports src/errors.ts')]);
      expect(about('web/src/builtin.ts')).toEqual([expect.stringContaining('node:fs')]);
    });
    it('shared code that itself reaches outside the shared place', () => {
      expect(about('src/schemas/dirty.ts')).toEqual([expect.stringContaining('imports src/db/index.ts')]);
    });
    it("a literal '/api/v1' (string or template) or a network call outside the API client folder", () => {
      expect(about('web/src/url.tsx')).toHaveLength(2);
      expect(about('web/src/net.ts')).toEqual([expect.stringContaining('uses fetch'), expect.stringContaining('uses EventSource')]);
    });
    it('an import cycle, type-only imports included', () => {
      expect(found.filter((v) => v.startsWith('import cycle'))).toEqual([
        'import cycle: web/src/cycle-a.ts → web/src/cycle-b.ts → web/src/cycle-a.ts',
      ]);
    });
    it('and nothing else: the allowed imports, the API folder and shared code that stays shared pass', () => {
      for (const f of ['web/src/ok.ts', 'web/src/api/client.ts', 'web/src/shared-user.ts', 'src/schemas/campaign.ts', 'src/domain/'])
        expect(about(f)).toEqual([]);
      expect(found).toHaveLength(10);
    });
  });
});
