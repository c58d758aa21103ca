import type { Recipient } from './store.ts';

/** Rewrites one (already UTM-tagged) URL, e.g. into a tracked short link. Identity by default. */
export type LinkRewriter = (url: string, ctx: { campaignId: string; deliveryId: number | null; recipient: string | null }) => string;
export const identityRewriter: LinkRewriter = (url) => url;

/** The renderer functions of src/domain (Liquid, UTM, URL mapping), typed loosely at this seam. */
interface DomainRender {
  compileMessages?: (messages: unknown[]) => unknown;
  renderMessages?: (compiled: unknown, ctx: { profile: Record<string, unknown>; campaign: { id: string; name: string } }) => unknown[];
  renderForBlankProfile?: (messages: unknown[], campaign: { id: string; name: string }) => unknown[];
  applyUtm?: (messages: unknown[], utm: unknown, ctx: { campaign: { id: string; name: string } }) => unknown[];
  mapUrls?: (messages: unknown[], fn: (url: string) => string) => unknown[];
}

let domainP: Promise<DomainRender> | null = null;
function domain(): Promise<DomainRender> {
  domainP ??= import('../domain/index.ts').then((m) => m as unknown as DomainRender);
  return domainP;
}

export interface CampaignRenderer {
  /** Per-recipient payload (push): Liquid with the profile, UTM, then the link rewriter with the delivery id. */
  forRecipient(r: Recipient): unknown[];
  /** One payload for every recipient (multicast): no profile, per-campaign links. */
  shared(): unknown[];
}

export interface RenderInput {
  campaign: { id: string; name: string };
  messages: unknown[];
  utm: unknown;
}

/** The profile variables a template sees: the profile's attributes plus its LINE user ID. */
export function profileOf(r: Recipient): Record<string, unknown> {
  return { ...(r.attributes ?? {}), lineUserId: r.lineUserId, line_user_id: r.lineUserId };
}

/**
 * Compiles the campaign's templates once; rendering per recipient is then pure and synchronous. Until the domain
 * renderers exist the messages go out as written (no Liquid, no UTM), which the delivery tests do not rely on.
 */
export async function campaignRenderer(input: RenderInput, rewrite: LinkRewriter = identityRewriter): Promise<CampaignRenderer> {
  const d = await domain();
  const { campaign } = input;
  const compiled = d.compileMessages ? d.compileMessages(input.messages) : null;
  const utm = (m: unknown[]) => (d.applyUtm && input.utm ? d.applyUtm(m, input.utm, { campaign }) : m);
  const links = (m: unknown[], deliveryId: number | null, recipient: string | null) =>
    d.mapUrls && rewrite !== identityRewriter ? d.mapUrls(m, (url) => rewrite(url, { campaignId: campaign.id, deliveryId, recipient })) : m;
  const render = (profile: Record<string, unknown>) =>
    compiled !== null && d.renderMessages ? d.renderMessages(compiled, { profile, campaign }) : input.messages;
  let shared: unknown[] | null = null;
  return {
    forRecipient: (r) => links(utm(render(profileOf(r))), r.id, r.lineUserId),
    shared: () => {
      shared ??= links(utm(d.renderForBlankProfile ? d.renderForBlankProfile(input.messages, campaign) : render({})), null, null);
      return shared;
    },
  };
}

/** A test send: the bundle as a blank profile would see it, with UTM and the (test) link rewriter. */
export async function renderTest(input: RenderInput, rewrite: LinkRewriter = identityRewriter): Promise<unknown[]> {
  return (await campaignRenderer(input, rewrite)).shared();
}
