/**
 * Hostile imports through the real HTTP route on a fresh embedded database, printing one JSON line:
 * a ~100 KB gzip body that expands to one 100 MB field (refused at the row limit), and the same expanding past
 * the total limit. Figures: body size, status, milliseconds to the answer, RSS growth in MB.
 */
import zlib from 'node:zlib';
import { testApp } from '../test/helpers/app.ts';

const t = await testApp();
const ps = (await t.app.inject({ method: 'POST', url: '/api/v1/parent-segments', headers: t.auth(), payload: { name: 'bench' } })).json()
  .id as string;

async function run(body: Buffer, headers: Record<string, string>) {
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/parent-segments/${ps}/import`,
    headers: { ...t.auth(), ...headers },
    payload: body,
  });
  const ms = Math.round(performance.now() - t0);
  clearInterval(timer);
  return {
    body_bytes: body.length,
    status: r.statusCode,
    code: JSON.parse(r.body).error?.code ?? null,
    ms,
    rss_growth_mb: Math.round((Math.max(peak, process.memoryUsage().rss) - rss0) / 1e6),
  };
}

const field = zlib.gzipSync(
  Buffer.concat([Buffer.from('customer_key,name\na,'), Buffer.alloc(100 * 1024 * 1024, 'x'), Buffer.from('\n')]),
  { level: 9 },
);
const rows = zlib.gzipSync(Buffer.from('customer_key,name\na,b\n'), { level: 9 });
const bomb = await run(field, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
const ok = await run(rows, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
await t.close();
console.log(JSON.stringify({ bench: 'import-hostile', gzip_100mb_field: bomb, small_valid_gzip: ok }));
