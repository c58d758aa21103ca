import type { Queryable } from '../db/types.ts';
import { lineHostRefusal } from '../admin/line-access.ts';
import { isAccountAssigned } from '../admin/line-accounts.ts';
import type { SenderFactory } from '../app/ports.ts';
import type { ValidationResult } from '../schemas/campaign.ts';
import { loadConfig } from '../config.ts';
import {
  checkRenderedContent,
  getSegment,
  InvalidRuleError,
  isParentSegmentAllowed,
  parseRule,
  ruleScopeProblems,
  segmentReach,
} from './ports.ts';
import { checkQuota } from './quota.ts';
import { campaignLookup } from './lookup.ts';
import { sendModeOf, tabsOf, type CampaignRow } from './repo.ts';
import {
  checkCampaignDraft,
  type CampaignIssue as Issue,
  type CampaignTab as Tab,
  type ValidationPurpose,
} from '../domain/campaign-validation.ts';
import { coded, type CodedIssue, type IssueCode, type IssueParams } from '../domain/issues.ts';

export type Purpose = ValidationPurpose;

export interface CampaignValidation extends ValidationResult {
  /** The UTC instant a scheduled campaign starts at, when the schedule tab is valid. */
  scheduledAt: Date | null;
}

/** A stored rule that no longer parses is reported by the reach step; here it has no leaves to check. */
function parseRuleOrNull(rule: unknown) {
  try {
    return parseRule(rule);
  } catch {
    return null;
  }
}

/**
 * Every problem at once, each with its tab and field path, so the UI can mark all of them inline. The same
 * function guards launch, schedule and the scheduler's start.
 */
export async function validateCampaign(
  q: Queryable,
  senderFor: SenderFactory,
  row: CampaignRow,
  purpose: Purpose = 'validate',
  /** publicBaseUrl: the tracked links' base (its length counts); PUBLIC_BASE_URL's by default. */
  opts: { now?: Date; quota?: boolean; publicBaseUrl?: string } = {},
): Promise<CampaignValidation> {
  const now = opts.now ?? new Date();
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const err = (tab: Tab, path: string, code: IssueCode, params: IssueParams = {}) => errors.push({ tab, path, ...coded(code, params) });
  const warn = (tab: Tab, path: string, issue: CodedIssue) => warnings.push({ tab, path, ...issue });
  /** A rule error from src/domain (LINE rules, Liquid, UTM): already coded. */
  const ruleErr = (tab: Tab, path: string, i: CodedIssue) => errors.push({ tab, path, code: i.code, params: i.params, message: i.message });
  const { schedule, activation, utm } = tabsOf(row);
  const messages = Array.isArray(row.messages) ? row.messages : [];

  // Target Audience
  let rule: unknown = null;
  if (!row.parent_segment_id) err('audience', 'audience.parentSegmentId', 'audience_parent_required');
  else {
    if (!(await isParentSegmentAllowed(q, row.parent_segment_id, row.workspace_id)))
      err('audience', 'audience.parentSegmentId', 'audience_parent_not_allowed');
  }
  if (!row.segment_id) err('audience', 'audience.segmentId', 'audience_segment_required');
  else {
    const seg = await getSegment(q, row.workspace_id, row.segment_id);
    if (!seg) err('audience', 'audience.segmentId', 'audience_segment_missing');
    else if (row.parent_segment_id && seg.parentSegmentId !== row.parent_segment_id)
      err('audience', 'audience.segmentId', 'audience_segment_other_parent');
    else {
      // A rule may only read its own workspace's campaigns (one saved before this check could name another's).
      const scope = await ruleScopeProblems(
        q,
        campaignLookup,
        row.workspace_id,
        parseRuleOrNull(seg.rule) ?? { type: 'group', op: 'and', children: [] },
        'rule',
      );
      for (const p of scope) err('audience', 'audience.segmentId', 'audience_rule_unusable', { detail: `${p.path}: ${p.message}` });
      if (!scope.length) rule = seg.rule;
    }
  }
  const audienceOk = !errors.length && rule !== null;

  // Campaign Content
  let accountOk = false;
  if (!row.line_account_id) err('content', 'content.lineAccountId', 'content_account_required');
  else if (!(await isAccountAssigned(q, row.line_account_id, row.workspace_id)))
    err('content', 'content.lineAccountId', 'content_account_not_assigned');
  else {
    const refused = await lineHostRefusal(q, row.line_account_id);
    if (refused) err('content', 'content.lineAccountId', 'content_account_host_refused');
    else accountOk = true;
  }
  // Content, schedule, activation and UTM: the pure rules of src/domain (the UI runs the same ones).
  const draft = checkCampaignDraft({ messages, recipientCap: row.recipient_cap, schedule, activation, utm }, purpose, now);
  errors.push(...draft.errors);
  warnings.push(...draft.warnings);
  const { scheduledAt, templatesOk } = draft;

  // What will be sent: the messages rendered for a blank profile and sample recipients, with UTM tags and the
  // longest tracked links, against LINE's rules (once the templates themselves are right).
  if (templatesOk && draft.utmOk) {
    const rendered = await checkRenderedContent(q, {
      campaign: { id: row.id, name: row.name },
      messages,
      utm,
      trackingEnabled: row.tracking_enabled,
      sendMode: await sendModeOf(messages),
      publicBaseUrl: opts.publicBaseUrl ?? loadConfig().publicBaseUrl,
      audience: audienceOk ? { parentSegmentId: row.parent_segment_id!, rule } : null,
    });
    const tabOf = (path: string): Tab => (path === 'utm' || path.startsWith('utm.') ? 'utm' : 'content');
    for (const i of rendered.errors) ruleErr(tabOf(i.path), i.path, i);
    for (const i of rendered.warnings) warn(tabOf(i.path), i.path, i);
  }

  // Quota and cost: only meaningful once the audience and the account are right.
  let quota: ValidationResult['quota'] = null;
  if (audienceOk && accountOk && opts.quota !== false) {
    let reach;
    try {
      reach = await segmentReach(q, campaignLookup, {
        workspaceId: row.workspace_id,
        parentSegmentId: row.parent_segment_id!,
        rule,
        lineAccountId: row.line_account_id!,
      });
    } catch (e) {
      if (!(e instanceof InvalidRuleError)) throw e;
      err('audience', 'audience.segmentId', 'audience_rule_unusable', { detail: e.message });
      return { valid: false, errors, warnings, quota, scheduledAt };
    }
    const recipients =
      row.recipient_cap !== null && row.recipient_cap >= 1 ? Math.min(reach.following, row.recipient_cap) : reach.following;
    if (recipients === 0) warn('audience', 'audience.segmentId', coded('audience_no_recipients'));
    const qc = await checkQuota(q, senderFor, row.line_account_id!, recipients);
    if (!qc.ok) warn('content', 'content.lineAccountId', qc.warning);
    else {
      quota = qc.figures;
      const { remaining } = qc.figures;
      if (remaining !== null && recipients > remaining) {
        if (row.recipient_cap !== null) err('content', 'recipientCap', 'quota_cap_exceeds', { cap: row.recipient_cap, remaining });
        else err('content', 'content.lineAccountId', 'quota_exceeded', { recipients, remaining });
      }
    }
  }

  return { valid: errors.length === 0, errors, warnings, quota, scheduledAt };
}
