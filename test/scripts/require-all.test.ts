import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

// `npm test` skips its PostgreSQL half without PostgreSQL's server binaries and its browser half without Chromium,
// with a warning: fine on a laptop, a silent hole in CI. With LINECAST_REQUIRE_ALL=1 (set by .ci/run) a half that
// could not run fails the run. Only the part under test runs (LINECAST_TEST_PARTS), with the tool made missing.
const root = path.join(import.meta.dirname, '../..');

function suite(env: Record<string, string>): { status: number | null; out: string } {
  const r = spawnSync('bash', ['scripts/test.sh'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const noPostgres = { LINECAST_TEST_PARTS: 'postgres', PG_BINDIR: '/nonexistent/postgresql/bin' };
const noChromium = { LINECAST_TEST_PARTS: 'e2e', LINECAST_CHROMIUM: '/nonexistent/chromium' };

test('without PostgreSQL: skipped with a warning, or a failed run under LINECAST_REQUIRE_ALL=1', () => {
  const lax = suite({ ...noPostgres, LINECAST_REQUIRE_ALL: '0' });
  assert.equal(lax.status, 0, lax.out);
  assert.match(lax.out, /SKIPPED the PostgreSQL half/);
  const strict = suite({ ...noPostgres, LINECAST_REQUIRE_ALL: '1' });
  assert.equal(strict.status, 1, strict.out);
  assert.match(strict.out, /LINECAST_REQUIRE_ALL=1 and 1 part\(s\) could not run/);
});

test('without Chromium: skipped with a warning, or a failed run under LINECAST_REQUIRE_ALL=1', () => {
  const lax = suite({ ...noChromium, LINECAST_REQUIRE_ALL: '0' });
  assert.equal(lax.status, 0, lax.out);
  assert.match(lax.out, /SKIPPED the browser end-to-end tests/);
  const strict = suite({ ...noChromium, LINECAST_REQUIRE_ALL: '1' });
  assert.equal(strict.status, 1, strict.out);
  assert.match(strict.out, /could not run/);
});

test('.ci/run requires every half', async () => {
  const fs = await import('node:fs');
  assert.match(fs.readFileSync(path.join(root, '.ci/run'), 'utf8'), /^export LINECAST_REQUIRE_ALL=1$/m);
});
