import type { Recipient } from './store.ts';
import { applyUtm, compileMessages, mapUrls, renderForBlankProfile, renderMessages, type LineMessage } from '../domain/index.ts';

/** Rewrites one (already UTM-tagged) URL, e.g. into a tracked short link. Identity by default. */
export type LinkRewriter = (url: string, ctx: { campaignId: string; deliveryId: number | null; recipient: string | null }) => string;
export const identityRewriter: LinkRewriter = (url) => url;

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
 * Compiles the campaign's templates once; rendering per recipient is then pure and synchronous:
 * Liquid with the profile, then UTM, then the link rewriter (tracked links) with the delivery id.
 */
export async function campaignRenderer(input: RenderInput, rewrite: LinkRewriter = identityRewriter): Promise<CampaignRenderer> {
  const { campaign } = input;
  const messages = input.messages as LineMessage[];
  const compiled = compileMessages(messages);
  const utm = (m: LineMessage[]) => (input.utm ? applyUtm(m, input.utm, { campaign }) : m);
  const links = (m: LineMessage[], deliveryId: number | null, recipient: string | null) =>
    rewrite === identityRewriter ? m : mapUrls(m, (url) => rewrite(url, { campaignId: campaign.id, deliveryId, recipient }));
  let shared: LineMessage[] | null = null;
  return {
    forRecipient: (r) => links(utm(renderMessages(compiled, { profile: profileOf(r), campaign })), r.id, r.lineUserId),
    shared: () => {
      shared ??= links(utm(renderForBlankProfile(messages, campaign)), null, null);
      return shared;
    },
  };
}

/** A test send: the bundle as a blank profile would see it, with UTM and the (test) link rewriter. */
export async function renderTest(input: RenderInput, rewrite: LinkRewriter = identityRewriter): Promise<unknown[]> {
  return (await campaignRenderer(input, rewrite)).shared();
}
