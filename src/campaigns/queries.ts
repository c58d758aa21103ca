/**
 * The SQL text of src/campaigns, one named constant (or small function, where the text varies) per statement, named for
 * what it does or for the one function that runs it. The module's other files pass these to `q.query`; no other file
 * of the module holds SQL (docs/architecture.md, "Named queries"; test/architecture/sql-ownership.test.ts).
 */

// lifecycle.ts
export const insertRevision = 'INSERT INTO campaign_revisions (campaign_id, content) VALUES ($1, $2) RETURNING id';
export const setCurrentRevision = 'UPDATE campaigns SET current_revision_id = $2 WHERE id = $1';
export const scheduleCampaign = 'UPDATE campaigns SET scheduled_at = $2, start_failures = 0, start_retry_at = NULL WHERE id = $1';

// repo.ts
export const withHistory =
  'SELECT campaign_id, from_state, to_state, at, actor, reason FROM campaign_history WHERE campaign_id = ANY($1::uuid[]) ORDER BY id';
export const getCampaignRow = (forUpdate: boolean) =>
  `SELECT * FROM campaigns WHERE id = $1 AND workspace_id = $2${forUpdate ? ' FOR UPDATE' : ''}`;
/**
 * One page of a workspace's campaign list, newest first, filtered as asked; the cursor is the previous page's last
 * (created_at as text, id), so pages never skip or repeat under inserts. One row more than `limit` says there is more.
 */
export function campaignsPage(
  workspaceId: string,
  f: { state?: string; q?: string; archived: 'false' | 'true' | 'all'; cursor?: [string, string]; limit: number },
): { text: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  if (f.state) where.push(`state = $${params.push(f.state)}`);
  if (f.q) where.push(`name ILIKE $${params.push('%' + f.q.replace(/[\\%_]/g, (m) => '\\' + m) + '%')}`);
  if (f.archived !== 'all') where.push(f.archived === 'true' ? 'archived_at IS NOT NULL' : 'archived_at IS NULL');
  const after = f.cursor;
  if (after) where.push(`(created_at, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
  const text = `SELECT *, created_at::text AS created_cursor FROM campaigns WHERE ${where.join(' AND ')}
     ORDER BY created_at DESC, id DESC LIMIT $${params.push(f.limit + 1)}`;
  return { text, params };
}
export const createCampaign = `INSERT INTO campaigns (workspace_id, name, schedule, activation, utm, delivery_speed, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`;
export const campaignHeadline = 'SELECT id, name, state, launched_at, finished_at FROM campaigns WHERE id = $1 AND workspace_id = $2';
export const launchedCampaigns = `SELECT id, name, state, launched_at, finished_at FROM campaigns
     WHERE workspace_id = $1 AND launched_at IS NOT NULL ORDER BY launched_at DESC, id LIMIT $2`;
export const campaignInWorkspace = 'SELECT 1 FROM campaigns WHERE id = $1 AND workspace_id = $2';
export const createDraftCampaign = `INSERT INTO campaigns (workspace_id, name, parent_segment_id, segment_id, messages, schedule, activation, utm, delivery_speed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`;
export const assignAccountToDraft = `UPDATE campaigns SET line_account_id = $1 WHERE line_account_id IS NULL AND state = 'Draft' AND id = $2`;
export const saveCampaign = `UPDATE campaigns SET name = $2, parent_segment_id = $3, segment_id = $4, line_account_id = $5, messages = $6, schedule = $7,
       activation = $8, utm = $9, delivery_speed = $10, recipient_cap = $11, tracking_enabled = $12, aggregation_unit = $13, updated_at = now()
     WHERE id = $1`;
export const deleteCampaign = 'DELETE FROM campaigns WHERE id = $1';
export const duplicateCampaign = `INSERT INTO campaigns (workspace_id, name, parent_segment_id, segment_id, line_account_id, messages, schedule, activation, utm,
       delivery_speed, recipient_cap, tracking_enabled, aggregation_unit, created_by)
     SELECT workspace_id, COALESCE($3, left('Copy of ' || name, 200)), parent_segment_id, segment_id, line_account_id, messages, schedule, activation, utm,
       delivery_speed, recipient_cap, tracking_enabled, aggregation_unit, $2
     FROM campaigns WHERE id = $1 RETURNING id`;
export const setArchived = `UPDATE campaigns SET archived_at = CASE WHEN $2 THEN COALESCE(archived_at, now()) ELSE NULL END, updated_at = now() WHERE id = $1`;

// scheduler.ts
export const startOneDue = `SELECT * FROM campaigns WHERE state = 'Planned' AND scheduled_at <= now() AND (start_retry_at IS NULL OR start_retry_at <= now())
         ORDER BY scheduled_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
export const recordStartFailure = `UPDATE campaigns SET state_reason = $2, start_failures = $3, start_retry_at = now() + make_interval(secs => $4)
     WHERE id = $1 AND state = 'Planned'`;

// test-recipients.ts
export const listTestRecipients =
  'SELECT id, line_user_id, label FROM test_recipients WHERE workspace_id = $1 ORDER BY label, line_user_id';
export const saveTestRecipient = `INSERT INTO test_recipients (workspace_id, line_user_id, label) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, line_user_id) DO UPDATE SET label = EXCLUDED.label RETURNING id, line_user_id, label`;
export const deleteTestRecipient = 'DELETE FROM test_recipients WHERE id = $1 AND workspace_id = $2';
export const testRecipientIds = 'SELECT line_user_id FROM test_recipients WHERE workspace_id = $1 ORDER BY line_user_id';

// transitions.ts
export const lockCampaignState = 'SELECT state, state_reason, launched_at FROM campaigns WHERE id = $1 FOR UPDATE';
export const moveCampaignState = `UPDATE campaigns SET state = $2, state_reason = $3, updated_at = now(),
       launched_at = CASE WHEN $2 = 'Active' AND launched_at IS NULL THEN now() ELSE launched_at END,
       finished_at = CASE WHEN $2 = 'Finished' THEN now() WHEN $2 = 'Active' THEN NULL ELSE finished_at END,
       scheduled_at = CASE WHEN $2 IN ('Draft', 'Suspended') AND $4 THEN NULL ELSE scheduled_at END
     WHERE id = $1`;
export const recordTransition =
  'INSERT INTO campaign_history (campaign_id, from_state, to_state, actor, reason) VALUES ($1, $2, $3, $4, $5)';

// lookup.ts (what audience and tracking read of campaigns, through the CampaignLookup port)
export const campaignsInWorkspace = 'SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) AND workspace_id = $2';
// ORDER BY id: rows are locked in one order whoever asks, so two writers cannot deadlock on them.
export const lockExistingCampaigns = 'SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE';
export const campaignsWithAggregationUnit = `SELECT id, aggregation_unit AS unit, line_account_id, launched_at FROM campaigns
     WHERE aggregation_unit IS NOT NULL AND aggregation_unit <> '' AND line_account_id IS NOT NULL
       AND launched_at IS NOT NULL AND launched_at > $1::timestamptz
       AND state IN ('Active', 'Finished', 'Suspended')`;

// repo.ts: campaignsNamingMedia (drafts first; at most 50)
export const campaignsNamingMedia = `SELECT c.id, c.name, c.state FROM campaigns c
      WHERE c.workspace_id = $1
        AND (c.messages::text LIKE $2 OR EXISTS (SELECT 1 FROM campaign_revisions r WHERE r.campaign_id = c.id AND r.content::text LIKE $2))
      ORDER BY c.state <> 'Draft', c.name, c.id LIMIT 50`;

// finished.ts: what archiving delivery rows reads of campaigns
export const finishInfo = `SELECT c.id, c.name, c.state,
         (SELECT max(h.at) FROM campaign_history h WHERE h.campaign_id = c.id AND h.to_state = 'Finished') AS finished_at
       FROM campaigns c WHERE c.id = ANY($1::uuid[]) ORDER BY finished_at NULLS LAST, c.id`;

// delivery-reads.ts
export const activeOfCampaigns = `SELECT id FROM campaigns WHERE id = ANY($1::uuid[]) AND state = 'Active' ORDER BY launched_at NULLS LAST, id`;
export const revisionsById = 'SELECT id, campaign_id, content FROM campaign_revisions WHERE id = ANY($1::bigint[])';
export const lockCampaignsForDelivery = `SELECT c.id, c.state, (SELECT max(at) FROM campaign_history h WHERE h.campaign_id = c.id AND h.from_state = 'Suspended' AND h.to_state = 'Active') AS resumed_at
     FROM campaigns c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE`;
export const clearStateReasonPrefix = `UPDATE campaigns SET state_reason = NULL WHERE id = ANY($1::uuid[]) AND state = 'Active' AND starts_with(state_reason, $2)`;
export const setStateReason = `UPDATE campaigns SET state_reason = $2 WHERE id = ANY($1::uuid[]) AND state = 'Active'`;

// scheduler.ts: how long the idle scheduler may sleep (embedded database)
export const msUntilNextDue = `SELECT (EXTRACT(EPOCH FROM min(GREATEST(scheduled_at, COALESCE(start_retry_at, scheduled_at))) - now()) * 1000)::float8 AS ms
     FROM campaigns WHERE state = 'Planned'`;
