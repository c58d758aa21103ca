import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { CampaignLookup, CampaignStatePort, DeliveryReadPort, MediaStore, ProfileFollowPort, SenderFactory } from './ports.ts';

/**
 * What every route module and background service receives, built in one place (src/runtime/context.ts): the
 * database, the secret box, configuration, the logger, and the ports that connect feature modules to each other.
 * Types only: this folder sits below the feature modules, so they can take a context without importing src/http
 * or src/runtime.
 */
export interface AppContext {
  db: Db;
  box: SecretBox;
  config: Config;
  /** The process's logger (pino): the HTTP request log and every background service's failures. */
  log: Logger;
  /** The one factory of LINE senders from stored credentials (src/admin/line-access.ts, bound to `box`). */
  senderFor: SenderFactory;
  /** Campaign state moves the delivery engine asks for (implemented by src/campaigns). */
  campaignState: CampaignStatePort;
  /** What audience and tracking read of campaigns (implemented by src/campaigns). */
  campaignLookup: CampaignLookup;
  /** Follow state from LINE's webhooks into the profiles (implemented by src/audience). */
  profileFollow: ProfileFollowPort;
  /** Where media bytes live: the data directory or an S3-compatible bucket (src/media/stores.ts). */
  mediaStore: MediaStore;
  /** What the delivery engine reads of campaigns and profiles (implemented by src/campaigns and src/audience). */
  deliveryReads: DeliveryReadPort;
  /** Objects the HTTP app creates and tests reach (the click buffer). */
  services: AppServices;
}

/** Things built while the app is assembled that outside code may need to reach (tests flush the click buffer). */
export interface AppServices {
  clickRecorder?: { flush(): Promise<void>; close(): Promise<void> };
  linkResolver?: unknown;
}

/** A background service that runs beside (or instead of) the API: scheduler, dispatcher, importers. */
export interface Service {
  name: string;
  /** API-only servers (`start --no-worker`) skip services marked as worker services. */
  worker: boolean;
  start(ctx: AppContext): Promise<{ stop(): Promise<void> }>;
}
