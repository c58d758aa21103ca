import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LINE_USER_ID } from '../domain/line-ids.ts';
import type { EmulatorState } from './state.ts';

export const webhookRequestSchema = z.object({
  url: z.url(),
  type: z.enum(['follow', 'unfollow']),
  userId: z.string().regex(LINE_USER_ID),
  /** Defaults to the emulator's configured channel secret. */
  channelSecret: z.string().min(1).optional(),
  /** Defaults to the bot's user id (LINE's `destination`). */
  destination: z.string().regex(LINE_USER_ID).optional(),
  timestamp: z.number().int().optional(),
  isUnblocked: z.boolean().default(false),
  isRedelivery: z.boolean().default(false),
  webhookEventId: z.string().optional(),
  /** Also change the user's state in the emulator (unfollow → blocked, follow → following). */
  apply: z.boolean().default(true),
});
export type WebhookRequest = z.input<typeof webhookRequestSchema>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** LINE's webhookEventId is a ULID: 48-bit time + 80 random bits, Crockford base32. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const rnd = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[rnd[i]! % 32];
  return time + rand;
}

export function signBody(rawBody: string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

export function buildWebhookBody(req: z.infer<typeof webhookRequestSchema>, destination: string): string {
  const event: Record<string, unknown> = {
    type: req.type,
    mode: 'active',
    timestamp: req.timestamp ?? Date.now(),
    source: { type: 'user', userId: req.userId },
    webhookEventId: req.webhookEventId ?? ulid(),
    deliveryContext: { isRedelivery: req.isRedelivery },
  };
  if (req.type === 'follow') {
    event.replyToken = randomBytes(16).toString('hex');
    event.follow = { isUnblocked: req.isUnblocked };
  }
  return JSON.stringify({ destination, events: [event] });
}

function replyTokenOf(body: string): string | undefined {
  return (JSON.parse(body) as { events: Array<{ replyToken?: string }> }).events[0]?.replyToken;
}

/** Sends one signed follow/unfollow event the way LINE does and reports what the receiver answered. */
export async function sendWebhook(state: EmulatorState, input: unknown): Promise<Record<string, unknown>> {
  const req = webhookRequestSchema.parse(input);
  const secret = req.channelSecret ?? state.config.channelSecret;
  const body = buildWebhookBody(req, req.destination ?? state.config.bot.userId);
  const signature = signBody(body, secret);
  if (req.apply) state.setUsers(req.type === 'follow' ? { following: [req.userId] } : { blocked: [req.userId] });
  // A follow event can be replied to: the token is good for one reply to this user (see reply.ts).
  const replyToken = replyTokenOf(body);
  if (replyToken) {
    const now = state.now();
    if (state.replyTokens.size >= 10_000)
      for (const [t, v] of state.replyTokens) if (now - v.at > state.config.replyTokenTtlMs) state.replyTokens.delete(t);
    state.replyTokens.set(replyToken, { userId: req.userId, at: now });
  }
  let status = 0;
  let responseBody = '';
  let error: string | undefined;
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': signature, 'user-agent': 'LineBotWebhook/2.0' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    responseBody = (await res.text()).slice(0, 2000);
  } catch (err) {
    error = String(err);
  }
  return { status, responseBody, signature, body: JSON.parse(body) as unknown, ...(error ? { error } : {}) };
}
