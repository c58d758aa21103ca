import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Every LINE call made with an account's stored credentials goes through lineClientFor, which enforces where
 * they may be sent; a new call site that builds its own client (or reads the credentials) would bypass it.
 */
test('only lineClientFor builds LINE clients from stored credentials', () => {
  const allowed: Record<string, string[]> = {
    'new LineClient(': ['admin/line-access.ts'],
    // the webhook route checks signatures with the channel secret locally and sends nothing
    'getLineCredentials(': ['admin/line-access.ts', 'admin/line-accounts.ts', 'http/routes/webhooks.ts'],
    'issueStatelessToken(': ['admin/line-tokens.ts', 'line/tokens.ts'],
    'new StatelessTokens(': ['admin/line-access.ts'],
  };
  const found: string[] = [];
  for (const file of sources(root)) {
    const rel = path.relative(root, file);
    const text = fs.readFileSync(file, 'utf8');
    for (const [needle, files] of Object.entries(allowed))
      if (text.includes(needle) && !files.includes(rel)) found.push(`${rel}: ${needle}`);
  }
  assert.deepEqual(found, []);
});
