/**
 * Launch validation of what will be sent: each message rendered for a blank profile and for sample recipients of
 * the segment (on a render thread, within RENDER_BUDGET), with the campaign's UTM tags and every link replaced by
 * the longest tracked link the real PUBLIC_BASE_URL can give, then checked by validateRenderedMessages, the check
 * the delivery engine runs on each payload. Errors name the field and say for which profile and why; warnings say
 * where personalisation could still push a message over a limit.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../db/types.ts';
import { compileSegment, InvalidRuleError, parseRule } from '../../audience/index.ts';
import {
  RENDER_BUDGET,
  mapUrls,
  profileVariables,
  validateRenderedMessages,
  type LineMessage,
  type RuleError,
} from '../../domain/index.ts';
import { longestTrackedUrl } from '../../tracking/token.ts';
import { coded, type IssueParams } from '../../domain/issues.ts';
import { profileOf, rebase } from './campaign.ts';
import { renderPool, type RenderPool } from './pool.ts';
import type { RenderOutcome } from './worker.ts';
import * as sql from '../queries.ts';

export const SAMPLE_RECIPIENTS = 20;
/** The length a probe gives every profile attribute the messages read, for the personalisation warning. */
export const PROBE_LENGTH = 100;

export interface ContentCheck {
  campaign: { id: string; name: string };
  messages: unknown[];
  utm: unknown;
  trackingEnabled: boolean;
  sendMode: 'push' | 'multicast';
  publicBaseUrl: string;
  /** Where the samples come from; null checks the blank profile only. */
  audience: { parentSegmentId: string; rule: unknown } | null;
}

interface Sample {
  label: string;
  params: IssueParams;
  profile: Record<string, unknown>;
}

/** Up to `n` recipients the snapshot would keep (well-formed LINE user ID, not unfollowed), in profile order. */
export async function sampleRecipients(q: Queryable, audience: { parentSegmentId: string; rule: unknown }, n = SAMPLE_RECIPIENTS) {
  const params: unknown[] = [audience.parentSegmentId];
  let where: string;
  try {
    where = compileSegment(parseRule(audience.rule ?? { type: 'group', op: 'and', children: [] }), params, 'p');
  } catch (err) {
    // a rule that does not compile is the audience tab's error (validateCampaign reports it); no samples then
    if (err instanceof InvalidRuleError) return [];
    throw err;
  }
  const r = await q.query<{ id: number; customer_key: string; line_user_id: string; attributes: Record<string, unknown> | null }>(
    sql.sampleRecipients(where, n),
    params,
  );
  return r.rows;
}

/** Every error (and warning) of the rendered content, paths under `content.messages`. Template errors must be fixed first. */
export async function checkRenderedContent(
  q: Queryable,
  c: ContentCheck,
  pool: RenderPool = renderPool(),
): Promise<{ errors: RuleError[]; warnings: RuleError[] }> {
  const samples: Sample[] = [{ label: 'the blank profile', params: { profile: 'blank' }, profile: {} }];
  const rows = c.audience ? await sampleRecipients(q, c.audience) : [];
  rows.forEach((r, i) =>
    samples.push({
      label: `sample recipient ${i + 1} of ${rows.length} (customer key ${r.customer_key})`,
      params: { profile: 'sample', sample: i + 1, customerKey: r.customer_key },
      profile: profileOf({ attributes: r.attributes, lineUserId: r.line_user_id }),
    }),
  );
  const attrs = profileVariables(c.messages);
  const probe: Sample | null = attrs.length
    ? {
        label: `a profile whose ${attrs.map((a) => `profile.${a}`).join(', ')} ${attrs.length === 1 ? 'is' : 'are'} ${PROBE_LENGTH} characters long`,
        params: { profile: 'probe', attributes: attrs.join(', '), probeLength: PROBE_LENGTH },
        profile: Object.fromEntries(attrs.map((a) => [a, 'x'.repeat(PROBE_LENGTH)])),
      }
    : null;
  const all = probe ? [...samples, probe] : samples;
  const key =
    'check:' +
    crypto
      .createHash('sha256')
      .update(JSON.stringify([c.campaign, c.messages, c.utm]))
      .digest('base64url');
  const outcomes = await pool.render(
    `check:${c.campaign.id}`,
    { key, campaign: c.campaign, messages: c.messages, utm: c.utm },
    all.map((s, id) => ({ id, profile: s.profile })),
    RENDER_BUDGET,
  );
  const longest = c.trackingEnabled ? longestTrackedUrl(c.publicBaseUrl, c.sendMode === 'push') : null;
  const errors = new Map<string, RuleError & { who: string[] }>();
  const warnings: RuleError[] = [];
  const add = (e: RuleError, s: Sample) => {
    const k = `${e.path}\n${e.code}\n${e.message}`;
    const hit = errors.get(k);
    if (hit) return void hit.who.push(s.label);
    errors.set(k, { ...e, params: { ...e.params, ...s.params }, who: [s.label] });
  };
  for (const o of outcomes) {
    const s = all[o.id]!;
    const issues = o.ok ? payloadIssues(o, longest) : [renderIssue(o)];
    if (s === probe) {
      // a problem only the probe shows is a warning: real attributes may be that long, or may not
      for (const e of issues)
        if (![...errors.keys()].some((k) => k.startsWith(e.path + '\n')))
          warnings.push({
            path: e.path,
            ...coded('personalization_may_exceed_limit', {
              ...e.params,
              ...s.params,
              rule: e.params.rule ?? e.code,
              ruleMessage: e.params.ruleMessage ?? e.params.reason ?? e.message,
              length: e.params.length ?? '-',
              who: s.label,
              failsWith: e.code === 'invalid_rendered_message' ? 'invalid_rendered_message' : 'render_failed',
            }),
          });
    } else for (const e of issues) add(e, s);
  }
  if (attrs.length && rows.length === 0 && c.audience)
    warnings.push({ path: 'content.messages', ...coded('personalization_unsampled', { attributes: attrs.join(', ') }) });
  // The English message says for which profile (the params say it for a UI: profile, sample, customerKey, counts).
  const out = [...errors.values()].map(({ who, ...e }) => ({
    path: e.path,
    ...coded(e.code, {
      ...e.params,
      who: `${who[0]!}${who.length > 1 ? ` (and ${who.length - 1} more of the ${samples.length} profiles checked)` : ''}`,
      profilesFailing: who.length,
      profilesChecked: samples.length,
    }),
  }));
  return { errors: out, warnings };
}

function renderIssue(o: Extract<RenderOutcome, { ok: false }>): RuleError {
  const path = o.path === 'utm' ? 'utm' : rebase(o.path, 'content.messages');
  return { path, ...coded(o.code, { reason: o.reason, who: 'the recipient' }) };
}

function payloadIssues(o: Extract<RenderOutcome, { ok: true }>, longest: string | null): RuleError[] {
  const payload = longest ? mapUrls(o.messages, () => longest) : (o.messages as LineMessage[]);
  return validateRenderedMessages(payload, { basePath: 'content.messages' });
}
