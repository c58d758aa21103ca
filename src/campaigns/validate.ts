import type { Queryable } from '../db/types.ts';
import { lineHostRefusal } from '../admin/line-access.ts';
import { isAccountAssigned } from '../admin/line-accounts.ts';
import { AppError } from '../errors.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { ValidationResult } from '../schemas/campaign.ts';
import { domain, segmentReach } from './ports.ts';
import { checkQuota } from './quota.ts';
import { tabsOf, type CampaignRow } from './repo.ts';
import { resolveLocalTime } from './schedule-time.ts';

type Tab = 'audience' | 'content' | 'schedule' | 'activation' | 'utm';
type Issue = { tab: Tab; path: string; message: string; code?: string; params?: Record<string, string | number> };

/**
 * What the check is for: `validate` checks the schedule tab as configured, `launch` sends now (the schedule's
 * time does not matter), `schedule` needs a scheduled time in the future.
 */
export type Purpose = 'validate' | 'launch' | 'schedule';

export interface CampaignValidation extends ValidationResult {
  /** The UTC instant a scheduled campaign starts at, when the schedule tab is valid. */
  scheduledAt: Date | null;
}

const prefixed = (prefix: string, path: string) => (path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[') ? path : `${prefix}.${path}`);

/**
 * Every problem at once, each with its tab and field path, so the UI can mark all of them inline. The same
 * function guards launch, schedule and the scheduler's start.
 */
export async function validateCampaign(
  q: Queryable,
  box: SecretBox,
  row: CampaignRow,
  purpose: Purpose = 'validate',
  opts: { now?: Date; quota?: boolean } = {},
): Promise<CampaignValidation> {
  const now = opts.now ?? new Date();
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const err = (tab: Tab, path: string, message: string) => errors.push({ tab, path, message });
  const { schedule, activation, utm } = tabsOf(row);
  const messages = Array.isArray(row.messages) ? row.messages : [];
  const d = domain();

  // Target Audience
  let rule: unknown = null;
  if (!row.parent_segment_id) err('audience', 'audience.parentSegmentId', 'Select a parent segment');
  else {
    const allowed = await q.query('SELECT 1 FROM parent_segment_workspaces WHERE parent_segment_id = $1 AND workspace_id = $2', [
      row.parent_segment_id,
      row.workspace_id,
    ]);
    if (!allowed.rows.length) err('audience', 'audience.parentSegmentId', 'This parent segment is not allowed in this workspace');
  }
  if (!row.segment_id) err('audience', 'audience.segmentId', 'Select a segment');
  else {
    const s = await q.query<{ parent_segment_id: string; rule: unknown }>('SELECT parent_segment_id, rule FROM segments WHERE id = $1 AND workspace_id = $2', [
      row.segment_id,
      row.workspace_id,
    ]);
    const seg = s.rows[0];
    if (!seg) err('audience', 'audience.segmentId', 'This segment does not exist in this workspace');
    else if (row.parent_segment_id && seg.parent_segment_id !== row.parent_segment_id)
      err('audience', 'audience.segmentId', 'This segment belongs to a different parent segment');
    else rule = seg.rule;
  }
  const audienceOk = !errors.length && rule !== null;

  // Campaign Content
  let accountOk = false;
  if (!row.line_account_id) err('content', 'content.lineAccountId', 'Select a LINE account to send from');
  else if (!(await isAccountAssigned(q, row.line_account_id, row.workspace_id)))
    err('content', 'content.lineAccountId', 'This LINE account is not assigned to this workspace');
  else {
    const refused = await lineHostRefusal(q, row.line_account_id);
    if (refused) err('content', 'content.lineAccountId', refused);
    else accountOk = true;
  }
  if (messages.length === 0) err('content', 'content.messages', 'Add at least one message');
  if (messages.length > 5) err('content', 'content.messages', `A campaign sends at most 5 messages; this one has ${messages.length}`);
  // The count is reported above in our words; the domain's own count error would say it twice.
  for (const i of d.validateMessages(messages, { basePath: 'content.messages' }))
    if (i.path !== 'content.messages') err('content', prefixed('content', i.path), i.message);
  for (const i of d.checkTemplates(messages, { basePath: 'content.messages' })) err('content', prefixed('content', i.path), i.message);
  // What LINE does not document as refused but would likely break the message: advice, never blocking.
  for (const w of d.messageWarnings(messages, { basePath: 'content.messages' }))
    warnings.push({ tab: 'content', path: w.path, message: w.message, code: w.code, params: w.params });
  if (row.recipient_cap !== null && !(row.recipient_cap >= 1)) err('content', 'recipientCap', 'The recipient cap must be a positive number');

  // Delivery Schedule
  let scheduledAt: Date | null = null;
  if (schedule.mode === 'recurring') {
    err('schedule', 'schedule.mode', 'Recurring delivery is not available for one-off campaigns; use an Always-On campaign to send on a regular basis');
  } else if (purpose === 'schedule' && schedule.mode !== 'scheduled') {
    err('schedule', 'schedule.mode', 'Choose "Schedule for later" with a date and time to schedule this campaign');
  } else if (schedule.mode === 'scheduled' && purpose !== 'launch') {
    if (!schedule.at) err('schedule', 'schedule.at', 'Pick the date and time to send');
    else {
      const t = resolveLocalTime(schedule.at, schedule.timeZone);
      if (!t.ok) err('schedule', t.path, t.message);
      else {
        if (t.warning) warnings.push({ tab: 'schedule', path: 'schedule.at', message: t.warning });
        if (t.utc.getTime() <= now.getTime()) err('schedule', 'schedule.at', `${schedule.at} (${schedule.timeZone}) is in the past; pick a time in the future`);
        else scheduledAt = t.utc;
      }
    }
  }

  // Activation
  if (activation.backoffBaseMs > activation.backoffCapMs)
    err('activation', 'activation.backoffCapMs', 'The backoff cap must be at least the backoff base');

  // UTM Tracking
  for (const i of d.validateUtm(utm)) err('utm', prefixed('utm', i.path), i.message);

  // Quota and cost: only meaningful once the audience and the account are right.
  let quota: ValidationResult['quota'] = null;
  if (audienceOk && accountOk && opts.quota !== false) {
    let reach;
    try {
      reach = await segmentReach(q, { parentSegmentId: row.parent_segment_id!, rule, lineAccountId: row.line_account_id! });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      err('audience', 'audience.segmentId', `The segment's rule cannot be used: ${e.message}`);
      return { valid: false, errors, warnings, quota, scheduledAt };
    }
    const recipients = row.recipient_cap !== null && row.recipient_cap >= 1 ? Math.min(reach.following, row.recipient_cap) : reach.following;
    if (recipients === 0) warnings.push({ tab: 'audience', path: 'audience.segmentId', message: 'No profile in this segment can receive LINE messages (no LINE user ID or not following)' });
    const qc = await checkQuota(q, box, row.line_account_id!, recipients);
    if (!qc.ok) warnings.push({ tab: 'content', path: 'content.lineAccountId', message: qc.warning });
    else {
      quota = qc.figures;
      const { remaining } = qc.figures;
      if (remaining !== null && recipients > remaining) {
        if (row.recipient_cap !== null)
          err('content', 'recipientCap', `The recipient cap (${row.recipient_cap}) is more than the ${remaining} messages left in this month's LINE quota`);
        else
          err('content', 'content.lineAccountId',
            `This campaign would send to ${recipients} recipients but the LINE account has ${remaining} messages left this month; set a recipient cap of at most ${remaining} or use another account`);
      }
    }
  }

  return { valid: errors.length === 0, errors, warnings, quota, scheduledAt };
}
