/**
 * `POST /v2/bot/message/reply` (reference #send-reply-message): answers an event with the reply token LINE put
 * in the webhook. The emulator hands out reply tokens in the follow webhooks it sends (`/_emulator/webhooks`).
 * A token works once and only for a while ("becomes invalid after a certain period of time": `replyTokenTtlMs`,
 * one minute by default); otherwise 400 "Invalid reply token". Replies use no quota and take no retry key.
 */
import { sendDetails, sendError, type Ctx } from './http.ts';
import { accept, bodyIssues, clientError, faultBeforeAccept, parseSendBody, sentMessagesFor } from './send.ts';

export function handleReply(ctx: Ctx): void {
  if (ctx.req.headers['x-line-retry-key'] !== undefined) {
    clientError(ctx);
    return sendError(ctx, 400, 'The X-Line-Retry-Key header is not supported by this API');
  }
  const b = parseSendBody(ctx);
  if (!b) return;
  const token = b.replyToken;
  if (token === undefined || token === null || token === '') {
    clientError(ctx);
    return sendDetails(ctx, [{ path: 'replyToken', message: 'must be specified' }, ...bodyIssues(ctx, b)]);
  }
  const issues = bodyIssues(ctx, b);
  if (issues.length) {
    clientError(ctx);
    return sendDetails(ctx, issues);
  }
  if (faultBeforeAccept(ctx)) return;
  const issued = typeof token === 'string' ? ctx.state.replyTokens.get(token) : undefined;
  if (!issued || ctx.now - issued.at > ctx.state.config.replyTokenTtlMs) {
    clientError(ctx);
    return sendError(ctx, 400, 'Invalid reply token');
  }
  ctx.state.replyTokens.delete(token as string);
  const delivered = ctx.state.userState(issued.userId) === 'following' ? [issued.userId] : [];
  const sent = sentMessagesFor(ctx, b.messages as unknown[]);
  accept(ctx, { ...b, customAggregationUnits: undefined }, delivered, 1 - delivered.length, null, { sentMessages: sent });
}
