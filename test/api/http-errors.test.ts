import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { testApp, type TestApp } from '../helpers/app.ts';

/**
 * Errors of the HTTP layer itself — unknown route, body too large, URL too long, headers too large, wrong
 * content type, malformed JSON, broken percent-encoding, a request that is not HTTP — answer in the API's
 * documented shape {"error":{"code","message","details":[{"path","message"}]}}, over a real socket (the
 * parser's refusals never reach inject()).
 */

let t: TestApp;
let port: number;
before(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
after(() => t.close());

/** One raw request on its own connection; the whole answer as text. */
function raw(text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('close', () => resolve(got));
    s.on('error', (e) => (got ? resolve(got) : reject(e)));
    s.setTimeout(20_000, () => {
      s.destroy();
      reject(new Error(`no answer: ${got.slice(0, 200)}`));
    });
  });
}

function parse(answer: string): {
  status: number;
  body: { error: { code: string; message: string; details: { path: string; message: string }[] } };
} {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  const sep = answer.indexOf('\r\n\r\n');
  let text = answer.slice(sep + 4);
  if (/transfer-encoding: chunked/i.test(answer.slice(0, sep))) text = text.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '');
  return { status, body: JSON.parse(text) };
}

function assertShape(what: string, status: number, code: string, answer: string) {
  const r = parse(answer);
  assert.equal(r.status, status, `${what}: ${answer.slice(0, 300)}`);
  assert.equal(r.body.error.code, code, what);
  assert.equal(typeof r.body.error.message, 'string', what);
  assert.ok(Array.isArray(r.body.error.details) && r.body.error.details.length > 0, `${what}: details`);
  for (const d of r.body.error.details) assert.deepEqual(Object.keys(d).sort(), ['message', 'path'], what);
  assert.deepEqual(Object.keys(r.body).sort(), ['error'], what);
}

const auth = () => `Authorization: Bearer ${t.adminKey}\r\n`;
const json = (method: string, path: string, body: string, type = 'application/json') =>
  `${method} ${path} HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

test('404, 413, 414, 431, 415, malformed JSON and broken URLs answer in the documented error shape', async () => {
  assertShape(
    'unknown API route',
    404,
    'not_found',
    await raw(`GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`),
  );
  assertShape(
    'unknown route outside the API',
    404,
    'not_found',
    await raw(`POST /nothing-here HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`),
  );
  assertShape(
    'unknown docs path',
    404,
    'not_found',
    await raw(`GET /docs/nothing/here.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
  );
  assertShape(
    'body over the limit',
    413,
    'payload_too_large',
    await raw(json('POST', '/api/v1/workspaces', JSON.stringify({ name: 'x', description: 'd'.repeat(3 * 1024 * 1024) }))),
  );
  assertShape(
    'URL over the parser limit',
    414,
    'uri_too_long',
    await raw(`GET /api/v1/workspaces?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
  );
  assertShape(
    'headers over the parser limit',
    431,
    'headers_too_large',
    await raw(`GET /api/v1/workspaces HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`),
  );
  assertShape(
    'many headers over the limit',
    431,
    'headers_too_large',
    await raw(
      `GET /api/v1/workspaces HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\nConnection: close\r\n\r\n`,
    ),
  );
  assertShape(
    'a content type the route does not take',
    415,
    'unsupported_media_type',
    await raw(json('POST', '/api/v1/workspaces', 'name=x', 'text/plain')),
  );
  assertShape('malformed JSON', 400, 'invalid_json', await raw(json('POST', '/api/v1/workspaces', '{"name":')));
  assertShape('an empty JSON body', 400, 'invalid_json', await raw(json('POST', '/api/v1/workspaces', '')));
  assertShape(
    'broken percent-encoding',
    400,
    'bad_request',
    await raw(`GET /api/v1/workspaces/%E0%A4%A HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`),
  );
  assertShape('not HTTP at all', 400, 'bad_request', await raw(`HELLO THERE\r\n\r\n`));
  assertShape(
    'an unknown method',
    400,
    'bad_request',
    await raw(`BREW /api/v1/workspaces HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
  );
});
