import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger, logFormat, type LogFormat } from '../../src/runtime/logger.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { buildContext } from '../../src/runtime/context.ts';

let tdb: TestDb;
after(() => tdb?.close());

/** An app whose log goes to a buffer, after a few requests (one with a secret header, one 404). */
async function logOf(format: LogFormat, level: string): Promise<string> {
  tdb ??= await testDb();
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  // Built as the server builds it (src/runtime/server.ts): the process's logger, request lines quiet when pretty.
  const log = createLogger(level, out, format);
  const app = await buildApp(buildContext({ db: tdb.db, box: new SecretBox(crypto.randomBytes(32)), config: loadConfig({}), log }), {
    logger: true,
    quietRequests: format === 'pretty',
  });
  await app.ready();
  app.log.info({ campaignId: 'c-1' }, 'campaign started');
  await app.inject({ method: 'GET', url: '/healthz', headers: { authorization: 'Bearer lc_secret_never_logged' } });
  await app.inject({ method: 'GET', url: '/api/v1/workspaces', headers: { authorization: 'Bearer lc_secret_never_logged' } });
  await app.inject({ method: 'GET', url: '/no/such/route' });
  await app.close();
  await new Promise((r) => setImmediate(r));
  return text;
}

test('LOG_FORMAT auto: pretty on a terminal, JSON otherwise; an explicit format wins', () => {
  assert.equal(logFormat('auto', true), 'pretty');
  assert.equal(logFormat(undefined, false), 'json');
  assert.equal(logFormat('json', true), 'json');
  assert.equal(logFormat('pretty', false), 'pretty');
});

test('on a terminal at the default level: readable lines, no line per HTTP request', async () => {
  const text = await logOf('pretty', 'info');
  assert.match(text, /^\[\d\d:\d\d:\d\d\] INFO: campaign started \{"campaignId":"c-1"\}$/m);
  assert.doesNotMatch(text, /incoming request|request completed/);
  assert.ok(!text.trimStart().startsWith('{'), 'not JSON');
  assert.doesNotMatch(text, /lc_secret_never_logged/);
});

test('on a terminal at debug the request lines come back, still without secrets', async () => {
  const text = await logOf('pretty', 'debug');
  assert.match(text, /DEBUG: incoming request/);
  assert.match(text, /DEBUG: request completed/);
  assert.doesNotMatch(text, /lc_secret_never_logged/);
});

test('not a terminal: one JSON object a line, request logs included at info', async () => {
  const lines = (await logOf('json', 'info'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string; level: number });
  assert.ok(lines.some((l) => l.msg === 'campaign started' && l.level === 30));
  assert.equal(lines.filter((l) => l.msg === 'request completed').length, 3);
  assert.doesNotMatch(JSON.stringify(lines), /lc_secret_never_logged/);
});
