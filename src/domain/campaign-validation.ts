import { backoffCapBelowBase } from './activation.ts';
import { coded, type CodedIssue, type IssueCode, type IssueParams } from './issues.ts';
import { checkTemplates } from './liquid/index.ts';
import { messageWarnings, validateMessages } from './messages/index.ts';
import { resolveLocalTime } from './schedule-time.ts';
import { validateUtm } from './utm/index.ts';

/** The five tabs of a campaign, as the validator names them (the API's Tab schema is built from this list). */
export const CAMPAIGN_TABS = ['audience', 'content', 'schedule', 'activation', 'utm'] as const;
export type CampaignTab = (typeof CAMPAIGN_TABS)[number];

/** One problem on a tab: its field path, English message, and the code + params the UI shows in the user's language. */
export type CampaignIssue = { tab: CampaignTab; path: string } & CodedIssue;

/**
 * What the check is for: `validate` checks the schedule tab as configured, `launch` sends now (the schedule's
 * time does not matter), `schedule` needs a scheduled time in the future.
 */
export type ValidationPurpose = 'validate' | 'launch' | 'schedule';

/** The parts of a campaign that can be judged without the database or LINE (tabs already shaped by their schemas). */
export interface CampaignDraft {
  messages: unknown;
  recipientCap: number | null;
  schedule: { mode: 'immediate' | 'scheduled' | 'recurring'; at: string | null; timeZone: string };
  activation: { backoffBaseMs: number; backoffCapMs: number };
  utm: unknown;
}

export interface DraftCheck {
  errors: CampaignIssue[];
  warnings: CampaignIssue[];
  /** The UTC instant a scheduled campaign starts at, when the schedule tab is valid. */
  scheduledAt: Date | null;
  /** 1 to 5 messages whose templates are right: worth rendering. */
  templatesOk: boolean;
  utmOk: boolean;
}

const prefixed = (prefix: string, path: string) =>
  path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[') ? path : `${prefix}.${path}`;

/**
 * The pure part of campaign validation (content, schedule, activation, UTM), the same for the server's validate,
 * launch and scheduler and for a UI that checks as the user types. Audience, account, rendered-payload and quota
 * checks need the database or LINE and stay in src/campaigns/validate.ts.
 */
export function checkCampaignDraft(draft: CampaignDraft, purpose: ValidationPurpose, now: Date): DraftCheck {
  const errors: CampaignIssue[] = [];
  const warnings: CampaignIssue[] = [];
  const err = (tab: CampaignTab, path: string, code: IssueCode, params: IssueParams = {}) =>
    errors.push({ tab, path, ...coded(code, params) });
  const warn = (tab: CampaignTab, path: string, issue: CodedIssue) => warnings.push({ tab, path, ...issue });
  /** A rule error from the message, Liquid or UTM rules: already coded. */
  const ruleErr = (tab: CampaignTab, path: string, i: CodedIssue) =>
    errors.push({ tab, path, code: i.code, params: i.params, message: i.message });
  const messages = Array.isArray(draft.messages) ? draft.messages : [];
  const { schedule, activation, utm } = draft;

  // Campaign Content
  if (messages.length === 0) err('content', 'content.messages', 'content_messages_required');
  if (messages.length > 5) err('content', 'content.messages', 'content_messages_max', { max: 5, count: messages.length });
  // The count is reported above in our words; the domain's own count error would say it twice.
  const before = errors.length;
  for (const i of validateMessages(messages, { basePath: 'content.messages' }))
    if (i.path !== 'content.messages') ruleErr('content', prefixed('content', i.path), i);
  for (const i of checkTemplates(messages, { basePath: 'content.messages' })) ruleErr('content', prefixed('content', i.path), i);
  // What LINE does not document as refused but would likely break the message: advice, never blocking.
  for (const w of messageWarnings(messages, { basePath: 'content.messages' })) warn('content', w.path, w);
  const templatesOk = errors.length === before && messages.length > 0 && messages.length <= 5;
  if (draft.recipientCap !== null && !(draft.recipientCap >= 1)) err('content', 'recipientCap', 'recipient_cap_positive');

  // Delivery Schedule
  let scheduledAt: Date | null = null;
  if (schedule.mode === 'recurring') {
    err('schedule', 'schedule.mode', 'schedule_recurring');
  } else if (purpose === 'schedule' && schedule.mode !== 'scheduled') {
    err('schedule', 'schedule.mode', 'schedule_needs_time');
  } else if (schedule.mode === 'scheduled' && purpose !== 'launch') {
    if (!schedule.at) err('schedule', 'schedule.at', 'schedule_at_required');
    else {
      const t = resolveLocalTime(schedule.at, schedule.timeZone);
      if (!t.ok) ruleErr('schedule', t.path, t);
      else {
        if (t.warning) warn('schedule', 'schedule.at', t.warning);
        if (t.utc.getTime() <= now.getTime())
          err('schedule', 'schedule.at', 'schedule_past', { at: schedule.at, timeZone: schedule.timeZone });
        else scheduledAt = t.utc;
      }
    }
  }

  // Activation
  if (backoffCapBelowBase(activation)) err('activation', 'activation.backoffCapMs', 'activation_backoff_cap');

  // UTM Tracking
  const utmErrors = validateUtm(utm);
  for (const i of utmErrors) ruleErr('utm', prefixed('utm', i.path), i);

  return { errors, warnings, scheduledAt, templatesOk, utmOk: utmErrors.length === 0 };
}
