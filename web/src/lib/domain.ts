/**
 * The UI's seam to the shared pure rules in src/domain (the same code the API and the emulator run), so the
 * inline checks and the preview can never disagree with what launch validation and delivery do.
 */
import {
  applyUtm,
  checkTemplates,
  compileMessages,
  isPersonalized as personalized,
  renderForBlankProfile,
  renderMessages,
  tagUrl as tag,
  validateMessages,
  validateUtm,
  type LineMessage,
  type RuleError,
} from '../../../src/domain/index.ts';
import type { Reach } from '../api/types.ts';

/** A problem found in the browser: the domain's own shape (path, English message, issue code and params). */
export type Issue = RuleError;
export type { LineMessage };
/** A profile from a segment's reach sample, to preview a message as that recipient. */
export type SampleProfile = Reach['sample'][number];

/**
 * The drafts being edited, handed to the domain's render and tagging functions. A draft need not be a valid LINE
 * message yet (checkMessages says what is wrong with it); those functions walk whatever object they are given
 * and throw on what they cannot read, which the callers below catch, so the preview keeps up with typing.
 */
const asTemplates = (drafts: readonly unknown[]) => drafts as LineMessage[];

function safe<T>(fn: () => T, fallback: (e: unknown) => T): T {
  try {
    return fn();
  } catch (e) {
    return fallback(e);
  }
}

/** LINE rules and Liquid checks for the drafts, paths under `content.messages` like the API's /validate. */
export function checkMessages(messages: unknown[]): Issue[] {
  return safe(
    () => [
      ...validateMessages(messages, { basePath: 'content.messages' }),
      ...checkTemplates(messages).map((i) => ({ ...i, path: i.path.startsWith('content.') ? i.path : `content.${i.path}` })),
    ],
    (e) => [{ path: 'content.messages', message: e instanceof Error ? e.message : String(e), code: 'invalid', params: {} }],
  );
}

export function isPersonalized(messages: unknown[]): boolean {
  return safe(
    () => personalized(messages),
    () => false,
  );
}

export function checkUtm(utm: unknown): Issue[] {
  return safe(
    () => validateUtm(utm),
    () => [],
  );
}

/**
 * What a recipient sees (the same profile variables the delivery engine passes: attributes + LINE user ID): Liquid rendered for the blank profile (defaults applied) or a sample profile, then UTM
 * tagging. A template that does not parse yet renders as typed, so the preview never goes blank mid-edit.
 */
export function renderPreview(
  messages: unknown[],
  opts: { campaign: { id: string; name: string }; profile: Pick<SampleProfile, 'lineUserId' | 'attributes'> | null; utm: unknown },
): { messages: LineMessage[]; error: string | null } {
  try {
    const rendered = opts.profile
      ? renderMessages(compileMessages(asTemplates(messages)), {
          profile: { ...opts.profile.attributes, lineUserId: opts.profile.lineUserId, line_user_id: opts.profile.lineUserId },
          campaign: opts.campaign,
        })
      : renderForBlankProfile(asTemplates(messages), opts.campaign);
    return {
      messages: safe(
        () => applyUtm(rendered, opts.utm, { campaign: opts.campaign }),
        () => rendered,
      ),
      error: null,
    };
  } catch (e) {
    return { messages: asTemplates(messages), error: e instanceof Error ? e.message : String(e) };
  }
}

export function tagUrl(url: string, params: Record<string, string>): string {
  return safe(
    () => tag(url, params),
    () => url,
  );
}

/** The tagged form of one URL, computed by the same applyUtm the delivery engine runs. */
export function exampleTaggedUrl(url: string, utm: unknown, campaign: { id: string; name: string }): string {
  return safe(
    () => {
      const out = applyUtm([{ type: 'text', text: url }], utm, { campaign });
      const m = out[0];
      return m?.type === 'text' ? m.text : url;
    },
    () => url,
  );
}

/** The first http(s) URL in the drafts (text or imagemap uri action), for the UTM tab's example. */
export function firstUrl(messages: unknown[]): string | null {
  for (const m of messages as Record<string, unknown>[]) {
    if (m.type === 'text' && typeof m.text === 'string') {
      const hit = /https?:\/\/[^\s<>"']+/.exec(m.text);
      if (hit) return hit[0];
    }
    if (m.type === 'imagemap' && Array.isArray(m.actions)) {
      for (const a of m.actions as Record<string, unknown>[])
        if (a.type === 'uri' && typeof a.linkUri === 'string' && /^https?:/.test(a.linkUri)) return a.linkUri;
    }
  }
  return null;
}
