/**
 * Payloads of a launched campaign, as the dispatcher sends them: Liquid and UTM on a render thread (pool.ts), then,
 * here, tracked links (they need the campaign's link registry) and the check of the exact payload against LINE's
 * rules (validateRenderedMessages). A recipient whose render fails or whose payload breaks a rule gets a reason
 * instead of a payload, and is never put into a request.
 */
import {
  INVALID_RENDERED_MESSAGE,
  SEND_RENDER_BUDGET,
  formatPath,
  mapUrls,
  validateRenderedMessages,
  type LineMessage,
  type LinkPlace,
  type RenderBudget,
  type RuleError,
} from '../../domain/index.ts';
import type { Recipient } from '../store.ts';
import type { RenderPool } from './pool.ts';
import type { RenderOutcome, RenderSource } from './worker.ts';

/** Rewrites one (already UTM-tagged) URL, e.g. into a tracked short link. Identity by default. */
export type LinkRewriter = (
  url: string,
  ctx: { campaignId: string; deliveryId: number | null; recipient: string | null; place?: LinkPlace },
) => string;
export const identityRewriter: LinkRewriter = (url) => url;

export type RenderFailure = { ok: false; reason: 'render_failed' | typeof INVALID_RENDERED_MESSAGE; detail: string };
export type Prepared = { ok: true; payload: LineMessage[] } | RenderFailure;

export interface RenderInput {
  campaign: { id: string; name: string };
  messages: unknown[];
  utm: unknown;
}

/** The profile variables a template sees: the profile's attributes plus its LINE user ID. */
export function profileOf(r: Pick<Recipient, 'attributes' | 'lineUserId'>): Record<string, unknown> {
  return { ...(r.attributes ?? {}), lineUserId: r.lineUserId, line_user_id: r.lineUserId };
}

const DETAIL_MAX = 1_000;
const clip = (s: string) => (s.length > DETAIL_MAX ? s.slice(0, DETAIL_MAX - 1) + '…' : s);

/** A render thread's outcome, as a delivery failure (null when it rendered). */
export function renderFailure(o: RenderOutcome): RenderFailure | null {
  return o.ok ? null : { ok: false, reason: 'render_failed', detail: clip(`${o.path}: ${o.reason}`) };
}

/** The rule errors of a payload as a delivery failure's detail: path, LINE's rule and the rendered length. */
export function ruleDetail(errors: RuleError[]): string {
  return clip(
    errors
      .map(
        (e) =>
          `${e.path}: ${String(e.params.ruleMessage ?? e.message)}${typeof e.params?.length === 'number' ? ` (length ${e.params.length})` : ''}`,
      )
      .join('; '),
  );
}

/** Tracked links, then the exact payload against LINE's rules. */
export function finish(messages: LineMessage[], rewrite: (url: string, place: LinkPlace) => string): Prepared {
  const payload = (rewrite as unknown) === identityRewriter ? messages : mapUrls(messages, rewrite);
  const errors = validateRenderedMessages(payload);
  return errors.length ? { ok: false, reason: INVALID_RENDERED_MESSAGE, detail: ruleDetail(errors) } : { ok: true, payload };
}

export class CampaignRenderer {
  private readonly source: RenderSource;
  private sharedPayload: Promise<Prepared> | null = null;

  constructor(
    private readonly pool: RenderPool,
    input: RenderInput & { key: string },
    private readonly rewrite: LinkRewriter = identityRewriter,
    private readonly budget: RenderBudget = SEND_RENDER_BUDGET,
  ) {
    this.source = { key: input.key, campaign: input.campaign, messages: input.messages, utm: input.utm };
  }

  get campaignId(): string {
    return this.source.campaign.id;
  }

  /** Render-thread milliseconds of the last forRecipients, per recipient (the cost of the template, not the wait). */
  lastMsPerRecipient = 0;

  /** Push: each recipient's payload (Liquid with the profile, UTM, links with the delivery id), by recipient id. */
  async forRecipients(recipients: Recipient[]): Promise<Map<number, Prepared>> {
    const byId = new Map(recipients.map((r) => [r.id, r]));
    const outcomes = await this.pool.render(
      this.source.campaign.id,
      this.source,
      recipients.map((r) => ({ id: r.id, profile: profileOf(r) })),
      this.budget,
    );
    const out = new Map<number, Prepared>();
    this.lastMsPerRecipient = outcomes.reduce((sum, o) => sum + o.ms, 0) / Math.max(1, outcomes.length);
    for (const o of outcomes) {
      const r = byId.get(o.id)!;
      out.set(
        o.id,
        o.ok
          ? finish(o.messages, (url, place) =>
              this.rewrite(url, { campaignId: this.campaignId, deliveryId: r.id, recipient: r.lineUserId, place }),
            )
          : renderFailure(o)!,
      );
    }
    return out;
  }

  /** Multicast: one payload for every recipient (blank profile, per-campaign links), rendered and checked once. */
  shared(): Promise<Prepared> {
    if (!this.sharedPayload) {
      const p = this.pool
        .render(this.source.campaign.id, this.source, [{ id: 0, profile: {} }], this.budget)
        .then(([o]) =>
          o!.ok
            ? finish(o!.messages, (url, place) =>
                this.rewrite(url, { campaignId: this.campaignId, deliveryId: null, recipient: null, place }),
              )
            : renderFailure(o!)!,
        );
      // a failed render is an answer and is kept; a pool that could not run it is not
      p.catch(() => {
        if (this.sharedPayload === p) this.sharedPayload = null;
      });
      this.sharedPayload = p;
    }
    return this.sharedPayload;
  }
}

/** `messages[0].text` relative to the bundle → under `base` (e.g. `content.messages[0].text`). */
export function rebase(path: string, base: string): string {
  return path.startsWith('messages') ? base + path.slice('messages'.length) : formatPath(base, [path]);
}
