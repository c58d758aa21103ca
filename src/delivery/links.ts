import type { Queryable } from '../db/types.ts';
import { createLinkRewriter } from '../tracking/rewriter.ts';
import type { LinkRewriter } from './render/campaign.ts';
import { identityRewriter } from './render/campaign.ts';
import type { ActiveCampaign } from './store.ts';

/** The campaign's link rewriter and the flush that must run before a rendered batch is sent. */
export interface CampaignLinks {
  rewrite: LinkRewriter;
  flush(q: Queryable): Promise<void>;
}

const none: CampaignLinks = { rewrite: identityRewriter, flush: async () => {} };

/**
 * Click tracking plugs in here: per-recipient links for push, per-campaign links for multicast. With tracking
 * off URLs pass unchanged.
 */
export async function campaignLinks(
  q: Queryable,
  c: Pick<ActiveCampaign, 'campaignId' | 'sendMode' | 'content'>,
  publicBaseUrl: string,
  isTest = false,
): Promise<CampaignLinks> {
  if (!c.content.trackingEnabled) return none;
  const rw = await createLinkRewriter(q, {
    campaignId: c.campaignId,
    publicBaseUrl,
    perRecipient: c.sendMode === 'push' && !isTest,
    enabled: true,
    isTest,
  });
  return {
    rewrite: (url, ctx) => rw(url, { deliveryId: ctx.deliveryId, recipient: ctx.recipient, ...(ctx.place ? { place: ctx.place } : {}) }),
    flush: (db) => rw.flush(db),
  };
}
