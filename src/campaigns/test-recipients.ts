import type { Queryable } from '../db/types.ts';
import type { TestRecipient } from '../schemas/campaign.ts';
import * as sql from './queries.ts';

type Row = { id: string; line_user_id: string; label: string };
const toRecipient = (r: Row): TestRecipient => ({ id: r.id, lineUserId: r.line_user_id, label: r.label });

/** A workspace's saved test recipients, offered by the test-send dialog. */
export async function listTestRecipients(q: Queryable, ws: string): Promise<TestRecipient[]> {
  const r = await q.query<Row>(sql.listTestRecipients, [ws]);
  return r.rows.map(toRecipient);
}

/** Saving the same user twice updates its label instead of failing. */
export async function saveTestRecipient(q: Queryable, ws: string, input: { lineUserId: string; label: string }): Promise<TestRecipient> {
  const r = await q.query<Row>(sql.saveTestRecipient, [ws, input.lineUserId, input.label]);
  return toRecipient(r.rows[0]!);
}

export async function deleteTestRecipient(q: Queryable, ws: string, id: string): Promise<boolean> {
  return (await q.query(sql.deleteTestRecipient, [id, ws])).rowCount > 0;
}

/** The saved list's LINE user IDs, for "also send to the saved test recipients". */
export async function testRecipientIds(q: Queryable, ws: string): Promise<string[]> {
  const r = await q.query<{ line_user_id: string }>(sql.testRecipientIds, [ws]);
  return r.rows.map((x) => x.line_user_id);
}
