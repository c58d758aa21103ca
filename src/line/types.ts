import { z } from 'zod';
import type { LineResultKind } from '../domain/line-errors.ts';
import type { TokenSource } from './tokens.ts';

export const lineClientOptionsSchema = z.object({
  /** `https://api.line.me` or the emulator's address. A path prefix, if any, is kept (the official SDK drops it). */
  baseUrl: z.url(),
  /** A stored long-lived token; or give `tokens` (a TokenSource, e.g. stateless tokens issued as needed). */
  channelAccessToken: z.string().min(1).optional(),
  tokens: z
    .custom<TokenSource>((v) => !!v && typeof (v as TokenSource).current === 'function' && typeof (v as TokenSource).renew === 'function')
    .optional(),
  /** Keep-alive sockets to the base URL; about the number of requests you keep in flight. */
  connections: z.number().int().min(1).max(1024).default(16),
  /** Whole-request deadline (connect + headers + body). A request that misses it is classified `transient`. */
  timeoutMs: z.number().int().min(100).max(600_000).default(15_000),
});
export type LineClientOptions = z.input<typeof lineClientOptionsSchema>;

export interface SentMessage {
  id: string;
  quoteToken?: string;
}

/** Every LINE call answers with one of these; nothing is thrown for HTTP or network failures. */
export interface LineResult<T = unknown> {
  kind: LineResultKind;
  /** HTTP status, or 0 when no response arrived (timeout, connection error). */
  status: number;
  /** `x-line-request-id` of this attempt (null when no response arrived). */
  requestId: string | null;
  /** `x-line-accepted-request-id`: on a retry-key 409, the request id of the attempt LINE accepted. */
  acceptedRequestId?: string;
  /** Parsed JSON body (typed as T when accepted), raw text when it did not parse, or null. */
  body: T | unknown;
  retryAfterMs?: number;
  /** Push only: the ids LINE gave the messages (also repeated on a retry-key 409). */
  sentMessages?: SentMessage[];
  /** Multicast 400 naming `to[i]`: which recipients LINE rejected. */
  invalidRecipientIndexes?: number[];
  /** Network-level error text when status is 0. */
  error?: string;
}

export interface SendOptions {
  notificationDisabled?: boolean;
  customAggregationUnits?: string[];
}

export interface QuotaBody {
  type: 'none' | 'limited';
  value?: number;
}
export interface ConsumptionBody {
  totalUsage: number;
}
export interface BotInfoBody {
  userId: string;
  basicId: string;
  premiumId?: string;
  displayName: string;
  pictureUrl?: string;
  chatMode: 'chat' | 'bot';
  markAsReadMode: 'auto' | 'manual';
}
export interface VerifyTokenBody {
  client_id: string;
  expires_in: number;
  scope?: string;
}
export interface UnitStatisticsBody {
  overview?: {
    uniqueImpression?: number | null;
    uniqueClick?: number | null;
    uniqueMediaPlayed?: number | null;
    uniqueMediaPlayed100Percent?: number | null;
  };
  messages?: Array<Record<string, number | null>>;
  clicks?: Array<{ seq: number; url: string; click: number | null; uniqueClick: number | null; uniqueClickOfRequest: number | null }>;
}
export interface AggregationUnitListBody {
  customAggregationUnits: string[];
  next?: string;
}
export interface AggregationUnitUsageBody {
  numOfCustomAggregationUnits: number;
}
