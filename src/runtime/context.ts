import type { Logger } from 'pino';
import type { AppContext } from '../app/context.ts';
import type { DeliveryReadPort, EnginePorts } from '../app/ports.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { senderFactory } from '../admin/line-access.ts';
import { campaignStatePort } from '../campaigns/transitions.ts';
import { campaignLookup } from '../campaigns/lookup.ts';
import { profileFollow } from '../audience/profiles.ts';
import { createMediaStore } from '../media/stores.ts';
import { activeCampaigns, lockCampaigns, noteReason, revisions } from '../campaigns/delivery-reads.ts';
import { profileAttributes } from '../audience/profile-reads.ts';

/** The delivery engine reads campaigns and profiles through their owners' functions. */
const deliveryReads: DeliveryReadPort = { activeCampaigns, revisions, lockCampaigns, noteReason, profileAttributes };

/**
 * The composition root's one place where the ports of src/app/ports.ts get their implementations: the LINE sender
 * factory (stored credentials → client, src/admin/line-access.ts) and the campaign-state moves the delivery engine
 * makes (src/campaigns/transitions.ts), what audience and tracking read of campaigns (src/campaigns/lookup.ts) and
 * the follow state tracking hands to audience (src/audience/profiles.ts), and the media store the configuration names
 * (src/media/stores.ts). Servers, workers, CLIs and tests all build their context here.
 */
export function buildContext(parts: { db: Db; box: SecretBox; config: Config; log: Logger }): AppContext {
  return {
    ...parts,
    senderFor: senderFactory(parts.box),
    campaignState: campaignStatePort,
    campaignLookup,
    profileFollow,
    mediaStore: createMediaStore(parts.config),
    deliveryReads,
    services: {},
  };
}

/** The delivery engine's ports alone (a worker, test or benchmark that starts the engine on a database). */
export function enginePorts(box: SecretBox): EnginePorts {
  return { senderFor: senderFactory(box), campaignState: campaignStatePort, deliveryReads };
}
