import type { TFunction } from 'i18next';

/** A problem from the server or the shared rules: code + params when it has them, the English message always. */
export interface IssueLike {
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

/** Params as i18next fills them: lists joined, anything that is not text or a number left out. */
function plain(params: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string' || typeof x === 'number').join(', ');
  }
  return out;
}

/**
 * Which profile a rendered-message problem was found for (params.profile from src/delivery/render/check.ts), in the
 * user's language; undefined when the issue does not say.
 */
function profileText(t: TFunction, p: Record<string, unknown>): string | undefined {
  switch (p.profile) {
    case 'blank':
      return t('issueParts.blankProfile');
    case 'sample':
      return t('issueParts.sampleRecipient', { sample: p.sample, customerKey: p.customerKey });
    case 'probe':
      return t('issueParts.probeProfile', { attributes: plain({ a: p.attributes }).a ?? '', length: p.probeLength });
    default:
      // a problem of one recipient's own payload (delivery, a test send) names no profile
      return 'who' in p ? t('issueParts.theRecipient') : undefined;
  }
}

/** The profile a problem was found for, and how many more of those checked show it (params.profilesFailing). */
function whoText(t: TFunction, p: Record<string, unknown>): string | undefined {
  const who = profileText(t, p);
  const failing = typeof p.profilesFailing === 'number' ? p.profilesFailing : 1;
  if (who === undefined || failing <= 1) return who;
  return t('issueParts.andMore', { who, more: failing - 1, total: p.profilesChecked });
}

/**
 * The problem in the user's language: its code's translation filled with its params. A code the catalogues do not
 * know yet (a newer server) falls back to the English message rather than showing a key. A problem about a rendered
 * message names the LINE rule it breaks by that rule's own code (params.rule), so the rule is translated too, and
 * the profile it was found for (params.profile) is named in the user's language.
 */
export function issueText(t: TFunction, i: IssueLike): string {
  if (i.code) {
    const raw = i.params ?? {};
    const params = plain(raw);
    if (typeof raw.rule === 'string' && raw.rule !== i.code) {
      params.ruleMessage = issueText(t, {
        code: raw.rule,
        params: raw,
        message: typeof raw.ruleMessage === 'string' ? raw.ruleMessage : i.message,
      });
    }
    const who = whoText(t, raw);
    if (who !== undefined) params.who = who;
    // eslint-disable-next-line i18next/no-literal-string -- catalogue key, not words
    const key = `issues.${i.code}`;
    const text = t(key, { ...params, defaultValue: '' });
    if (text && text !== key) return text;
  }
  return i.message;
}
