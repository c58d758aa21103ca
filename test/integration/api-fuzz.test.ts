import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fuzzOperation, worldPools } from '../security/fuzz-ops.ts';
import { jsonOf } from '../security/http.ts';
import { Ledger } from '../security/ledger.ts';
import { danglingRefs, operations, resolve, Validators, type OpenApiDoc, type Operation, type Schema } from '../security/openapi.ts';
import { SchemaArbs } from '../security/schema-arb.ts';
import { buildWorld, type World } from '../security/world.ts';

/**
 * The API fuzz suite: every operation of the OpenAPI document the app serves (/docs/json), called with
 * generated requests — real ids of a live world mixed with hostile values — over a real socket. No answer may
 * be a 5xx, an error outside the documented shape, a hang, a cut CSV, or a 2xx unlike its documented schema.
 * FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> sets the requests per operation.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let w: World;
let doc: OpenApiDoc;
const ledger = new Ledger(SEED);
before(async () => {
  w = await buildWorld();
  doc = jsonOf(await w.client.send({ method: 'GET', path: '/docs/json' })) as OpenApiDoc;
});
after(() => w?.close());

test('the OpenAPI document defines every schema it refers to', () => {
  assert.deepEqual(danglingRefs(doc), []);
});

/** Deletes last, children before parents, so the fixtures live until then. */
function order(ops: Operation[]): Operation[] {
  const rank = (o: Operation) =>
    o.method !== 'DELETE'
      ? 0
      : ['test-recipients', 'api-keys', 'campaigns', 'segments', 'parent-segments', 'line-accounts', 'workspaces'].findIndex((c) =>
          o.path.includes(`/${c}/`),
        ) + 1;
  return [...ops].sort((a, b) => rank(a) - rank(b));
}

/** Inputs an operation takes (query parameters and body fields, a few levels deep): larger ones get more runs. */
function inputs(op: Operation): number {
  const count = (s: Schema, depth: number): number => {
    const r = resolve(doc, s);
    if (depth > 3 || !r.properties) return 1;
    return Object.values(r.properties as Record<string, Schema>).reduce((n, p) => n + count(p, depth + 1), 0);
  };
  return op.params.filter((p) => p.in === 'query').length + (op.body ? count(op.body, 0) : 0);
}

test(`every operation holds under generated hostile requests (seed ${SEED})`, async () => {
  const ops = order(operations(doc));
  assert.ok(ops.length >= 60, `only ${ops.length} operations in /docs/json`);
  const cursors: string[] = [];
  for (const op of ops.filter((o) => o.method === 'GET' && o.params.some((p) => p.name === 'cursor') && !o.path.includes('{id}'))) {
    const j = (await w.api('GET', `${op.path.replace('{ws}', w.home.ws)}?limit=1`)) as { nextCursor?: string | null };
    if (j?.nextCursor) cursors.push(j.nextCursor);
  }
  const pools = worldPools(w, cursors);
  const arbs = (['clean', 'nasty', 'hostile'] as const).map((mode) => new SchemaArbs(doc, pools, mode));
  const validators = new Validators(doc);
  const only = process.env.FUZZ_ONLY;
  const chosen = ops.filter((op) => !only || op.key.includes(only));
  for (const op of chosen) {
    const freshDraft = op.path.includes('/campaigns/{id}') && op.method !== 'DELETE' ? await w.freshDraft() : w.home.draftId;
    const t0 = Date.now();
    const runs = Math.round(RUNS * Math.min(3, 1 + inputs(op) / 10));
    await fuzzOperation(op, { w, doc, arbs, validators, ledger, runs, freshDraft });
    await w.heal();
    if (process.env.FUZZ_VERBOSE) console.log(`${op.key}: ${Date.now() - t0} ms`);
  }
  const summary = ledger.summary(`api fuzz, ${chosen.length} operations × ${RUNS}–${RUNS * 3}`);
  console.log(summary);
  assert.equal(
    ledger.unexpected.length,
    0,
    `${ledger.unexpected.length} unexpected failures (listed above). Replay with FUZZ_SEED=${SEED}`,
  );
});
