import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fuzzClicks, fuzzCsv, fuzzImports, fuzzSse, fuzzWebhooks, type RawCtx } from '../security/fuzz-raw.ts';
import { jsonOf } from '../security/http.ts';
import { Ledger } from '../security/ledger.ts';
import { Validators, type OpenApiDoc } from '../security/openapi.ts';
import { buildWorld, type World } from '../security/world.ts';

/**
 * The fuzz suite's non-JSON half: profile imports (CSV, NDJSON, gzip and garbage), the LINE webhook (signed
 * and not), the public click redirect, the CSV exports and the progress stream (opened, read, dropped).
 * FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> scales the requests per part.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let w: World;
let c: RawCtx;
const ledger = new Ledger(SEED);
before(async () => {
  w = await buildWorld();
  const doc = jsonOf(await w.client.send({ method: 'GET', path: '/docs/json' })) as OpenApiDoc;
  c = { w, ledger, validators: new Validators(doc), runs: RUNS };
});
after(() => w?.close());

test(`imports, webhooks, click redirects, CSV exports and the progress stream hold (seed ${SEED})`, async () => {
  const parts = (process.env.FUZZ_PARTS ?? 'webhook,click,csv,sse,import').split(',');
  if (parts.includes('webhook')) await fuzzWebhooks({ ...c, runs: RUNS * 4 });
  if (parts.includes('click')) await fuzzClicks({ ...c, runs: RUNS * 4 });
  if (parts.includes('csv')) await fuzzCsv({ ...c, runs: RUNS * 2 });
  if (parts.includes('sse')) await fuzzSse(c, 12);
  if (parts.includes('import')) await fuzzImports({ ...c, runs: RUNS * 3 });
  const summary = ledger.summary('api fuzz, non-JSON inputs');
  console.log(summary);
  assert.equal(
    ledger.unexpected.length,
    0,
    `${ledger.unexpected.length} unexpected failures (listed above). Replay with FUZZ_SEED=${SEED}`,
  );
});
