/**
 * The UI's seam to the shared pure rules in src/domain (the same code the API and the emulator run), so the
 * inline checks and the preview can never disagree with what launch validation and delivery do.
 */
import * as domain from '../../../src/domain/index.ts';

export interface Issue {
  path: string;
  message: string;
  /** Issue code and params (src/domain/issues.ts), for the user's language. */
  code?: string;
  params?: Record<string, string | number>;
}
export type LineMessage = Record<string, unknown> & { type: string };
export type SampleProfile = { customerKey: string; lineUserId: string | null; attributes: Record<string, unknown> };

const d = domain as unknown as {
  validateMessages(messages: unknown[], opts?: { basePath?: string }): Issue[];
  checkTemplates(messages: unknown[]): Issue[];
  compileMessages(messages: unknown[]): unknown;
  renderMessages(compiled: unknown, ctx: { profile: unknown; campaign: { id: string; name: string } }): LineMessage[];
  renderForBlankProfile(messages: unknown[], campaign: { id: string; name: string }): LineMessage[];
  isPersonalized(messages: unknown[]): boolean;
  validateUtm(utm: unknown): Issue[];
  applyUtm(messages: unknown[], utm: unknown, ctx: { campaign: { id: string; name: string } }): LineMessage[];
  tagUrl(url: string, params: Record<string, string>): string;
};

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
    () => [...d.validateMessages(messages, { basePath: 'content.messages' }), ...d.checkTemplates(messages).map((i) => ({ ...i, path: i.path.startsWith('content.') ? i.path : `content.${i.path}` }))],
    (e) => [{ path: 'content.messages', message: e instanceof Error ? e.message : String(e), code: 'invalid' }],
  );
}

export function isPersonalized(messages: unknown[]): boolean {
  return safe(() => d.isPersonalized(messages), () => false);
}

export function checkUtm(utm: unknown): Issue[] {
  return safe(() => d.validateUtm(utm), () => []);
}

/**
* What a recipient sees (the same profile variables the delivery engine passes: attributes + LINE user ID): Liquid rendered for the blank profile (defaults applied) or a sample profile, then UTM
 * tagging. A template that does not parse yet renders as typed, so the preview never goes blank mid-edit.
 */
export function renderPreview(
  messages: unknown[],
  opts: { campaign: { id: string; name: string }; profile: SampleProfile | null; utm: unknown },
): { messages: LineMessage[]; error: string | null } {
  try {
    const rendered = opts.profile
      ? d.renderMessages(d.compileMessages(messages), { profile: { ...opts.profile.attributes, lineUserId: opts.profile.lineUserId, line_user_id: opts.profile.lineUserId }, campaign: opts.campaign })
      : d.renderForBlankProfile(messages, opts.campaign);
    return { messages: safe(() => d.applyUtm(rendered, opts.utm, { campaign: opts.campaign }), () => rendered), error: null };
  } catch (e) {
    return { messages: messages as LineMessage[], error: e instanceof Error ? e.message : String(e) };
  }
}

export function tagUrl(url: string, params: Record<string, string>): string {
  return safe(() => d.tagUrl(url, params), () => url);
}

/** The tagged form of one URL, computed by the same applyUtm the delivery engine runs. */
export function exampleTaggedUrl(url: string, utm: unknown, campaign: { id: string; name: string }): string {
  return safe(() => {
    const out = d.applyUtm([{ type: 'text', text: url }], utm, { campaign });
    const text = out[0]?.text;
    return typeof text === 'string' ? text : url;
  }, () => url);
}

/** The first http(s) URL in the drafts (text or imagemap uri action), for the UTM tab's example. */
export function firstUrl(messages: unknown[]): string | null {
  for (const m of messages as Record<string, unknown>[]) {
    if (m.type === 'text' && typeof m.text === 'string') {
      const hit = /https?:\/\/[^\s<>"']+/.exec(m.text);
      if (hit) return hit[0];
    }
    if (m.type === 'imagemap' && Array.isArray(m.actions)) {
      for (const a of m.actions as Record<string, unknown>[]) if (a.type === 'uri' && typeof a.linkUri === 'string' && /^https?:/.test(a.linkUri)) return a.linkUri;
    }
  }
  return null;
}
