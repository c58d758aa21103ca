import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDb, testEngine, type TestDb } from '../helpers/db.ts';
import { transition, IllegalTransitionError } from '../../src/campaigns/transitions.ts';

let t: TestDb;
let ws: string;
before(async () => {
  t = await testDb();
  ws = (await t.db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('w') RETURNING id`)).rows[0]!.id;
});
after(() => t.close());

async function newCampaign(): Promise<string> {
  return (await t.db.query<{ id: string }>(`INSERT INTO campaigns (workspace_id, name) VALUES ($1, 'c') RETURNING id`, [ws])).rows[0]!.id;
}

test(`${testEngine}: a legal path is recorded in history with actor and reason`, async () => {
  const id = await newCampaign();
  await t.db.tx((q) => transition(q, id, 'launch', { actor: 'user:1' }));
  await t.db.tx((q) => transition(q, id, 'suspend', { actor: 'system', reason: 'quota_exhausted' }));
  const mid = (await t.db.query<{ state: string; state_reason: string }>('SELECT state, state_reason FROM campaigns WHERE id = $1', [id]))
    .rows[0]!;
  assert.deepEqual(mid, { state: 'Suspended', state_reason: 'quota_exhausted' });
  await t.db.tx((q) => transition(q, id, 'resume', { actor: 'user:1' }));
  await t.db.tx((q) => transition(q, id, 'finish', { actor: 'system' }));
  const h = await t.db.query<{ from_state: string | null; to_state: string; actor: string; reason: string | null }>(
    'SELECT from_state, to_state, actor, reason FROM campaign_history WHERE campaign_id = $1 ORDER BY id',
    [id],
  );
  assert.deepEqual(
    h.rows.map((r) => `${r.from_state}>${r.to_state}:${r.actor}:${r.reason ?? ''}`),
    ['Draft>Active:user:1:', 'Active>Suspended:system:quota_exhausted', 'Suspended>Active:user:1:', 'Active>Finished:system:'],
  );
  const c = (
    await t.db.query<{ launched_at: Date | null; finished_at: Date | null }>(
      'SELECT launched_at, finished_at FROM campaigns WHERE id = $1',
      [id],
    )
  ).rows[0]!;
  assert.ok(c.launched_at && c.finished_at);
});

test(`${testEngine}: an illegal transition is refused with the current state and changes nothing`, async () => {
  const id = await newCampaign();
  await assert.rejects(
    t.db.tx((q) => transition(q, id, 'finish', { actor: 'x' })),
    (e: unknown) =>
      e instanceof IllegalTransitionError && e.kind === 'conflict' && e.code === 'illegal_transition' && e.extra?.currentState === 'Draft',
  );
  const h = await t.db.query('SELECT 1 FROM campaign_history WHERE campaign_id = $1', [id]);
  assert.equal(h.rows.length, 0);
});

test(`${testEngine}: a campaign canceled while Planned cannot be resumed`, async () => {
  const id = await newCampaign();
  await t.db.tx((q) => transition(q, id, 'schedule', { actor: 'u' }));
  await t.db.tx((q) => transition(q, id, 'cancel', { actor: 'u' }));
  await assert.rejects(
    t.db.tx((q) => transition(q, id, 'resume', { actor: 'u' })),
    /before it launched/,
  );
});
