/**
 * The engine behind narrow seams (issue 13), read from the syntax tree so comments and strings do not count:
 * - one place builds a LINE client from stored credentials: `new LineClient` and `lineClientFor` live in
 *   src/admin/line-access.ts, and everything else asks the sender factory (`senderFor`, src/app/ports.ts) that the
 *   composition root hands out;
 * - HTTP statuses belong to the HTTP layer: `AppError` and its status helpers (src/errors.ts) are imported only
 *   under src/http; feature modules throw `EngineError` kinds that src/http/errors.ts maps.
 * LINECAST_ARCH_ROOT points the checks at another checkout (to show them failing on an older tree).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = process.env.LINECAST_ARCH_ROOT ?? path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function parse(rel: string): ts.SourceFile {
  return ts.createSourceFile(rel, readFileSync(path.join(root, rel), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Every node of a file, depth first. */
function* nodes(n: ts.Node): Generator<ts.Node> {
  yield n;
  for (const c of n.getChildren()) yield* nodes(c);
}

/** Names a file imports from a module whose path ends with `suffix` (type-only imports included). */
function importedNames(sf: ts.SourceFile, suffix: string): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) && !ts.isExportDeclaration(st)) continue;
    const spec = st.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.endsWith(suffix)) continue;
    if (ts.isImportDeclaration(st)) {
      const b = st.importClause?.namedBindings;
      if (b && ts.isNamedImports(b)) out.push(...b.elements.map((e) => (e.propertyName ?? e.name).text));
      if (b && ts.isNamespaceImport(b)) out.push('*');
    } else if (st.exportClause && ts.isNamedExports(st.exportClause)) {
      out.push(...st.exportClause.elements.map((e) => (e.propertyName ?? e.name).text));
    } else out.push('*');
  }
  return out;
}

/** Where a LINE client is built or lineClientFor is called or imported, outside its one home. */
export function lineClientSites(files = sources('src')): string[] {
  const home = 'src/admin/line-access.ts';
  const found: string[] = [];
  for (const rel of files) {
    if (rel === home) continue;
    const sf = parse(rel);
    for (const n of nodes(sf)) {
      const line = () => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'LineClient')
        found.push(`${rel}:${line()}: new LineClient`);
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'lineClientFor')
        found.push(`${rel}:${line()}: lineClientFor(`);
    }
    if (importedNames(sf, '/line-access.ts').some((name) => name === 'lineClientFor' || name === '*'))
      found.push(`${rel}: imports lineClientFor`);
  }
  return found;
}

/** Files outside src/http that import AppError or its status helpers from src/errors.ts. */
export function appErrorImporters(files = sources('src')): string[] {
  const httpOnly = new Set(['AppError', 'badRequest', 'notFound', 'conflict', 'unprocessable', 'forbidden', 'unauthorized', '*']);
  return files
    .filter((rel) => !rel.startsWith('src/http/'))
    .flatMap((rel) => {
      const names = importedNames(parse(rel), '/errors.ts').filter((n) => httpOnly.has(n));
      return names.length ? [`${rel}: ${names.join(', ')}`] : [];
    });
}

test('exactly one place builds a LINE client from stored credentials; the rest ask senderFor', () => {
  assert.deepEqual(lineClientSites(), []);
});

test('AppError (an HTTP status) is imported only under src/http; features throw EngineError kinds', () => {
  assert.deepEqual(appErrorImporters(), []);
});
