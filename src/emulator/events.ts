/**
 * The emulator's state changes as written to the state directory's journal (one JSON object a line), and the
 * records of a snapshot. Short keys: a million-recipient campaign writes thousands of these.
 */
import type { UsersPatch } from './config.ts';
import type { DeliveryRecord, SentMessage } from './deliveries.ts';

/** An accepted push, multicast or reply. */
export interface AcceptEvent {
  t: 'acc';
  /** Channel id (hash of the access token). */
  ch: string;
  /** Endpoint: push, multicast, reply. */
  ep: string;
  /** The accepted request's x-line-request-id. */
  rid: string;
  /** Accepted at (emulator clock, ms). */
  at: number;
  key?: string;
  /** When the retry key's first request arrived: its 24-hour window starts here. */
  first?: number;
  unit?: string;
  /** Users the messages reached (left out when nothing per user is recorded). */
  to?: string[];
  /** How many users the messages reached. */
  n: number;
  msgs?: unknown[];
  sent?: SentMessage[];
}

export type StateEvent =
  | AcceptEvent
  /** A retry key whose first request was not accepted: its window is open all the same. */
  | { t: 'seen'; ch: string; key: string; first: number }
  | ({ t: 'users' } & UsersPatch)
  | { t: 'usage'; ch: string; v: number }
  | { t: 'ch'; ch: string; hint: string }
  | { t: 'reset' };

/** What a snapshot holds besides `users`/`usage`-free copies of the above. */
export type SnapshotRecord =
  | { t: 'snap'; v: 1; gen: number; at: number }
  | {
      t: 'chan';
      ch: string;
      hint: string;
      consumption: number;
      daily: Array<[string, number]>;
      units: Array<[string, Array<[string, number]>, unknown[]]>;
    }
  | { t: 'req'; rec: DeliveryRecord; to: string[] }
  | { t: 'counts'; ids: string[]; n: number[] }
  | { t: 'keys'; keys: Array<[ch: string, key: string, first: number, rid?: string, sent?: SentMessage[]]> }
  | ({ t: 'users' } & UsersPatch)
  | { t: 'totals'; delivered: number; seq: number };
