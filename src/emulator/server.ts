import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LINE_MESSAGES, lineUnsupportedContentType } from '../domain/line-errors.ts';
import type { EmulatorConfigInput } from './config.ts';
import { bearer, newRequestId, readBody, sendError, sendJson, sendRateLimited, type Ctx } from './http.ts';
import {
  handleAggregationInfo,
  handleAggregationList,
  handleBotInfo,
  handleConsumption,
  handleDeliveryCount,
  handleInsightDelivery,
  handleQuota,
  handleUnitStatistics,
  handleVerify,
} from './info.ts';
import { handleInspect } from './inspect.ts';
import { StateStore } from './persist.ts';
import { handleReply } from './reply.ts';
import { handleIssueStateless } from './oauth.ts';
import { handleMulticast, handlePush, handleValidate } from './send.ts';
import { EmulatorState } from './state.ts';

interface Route {
  endpoint: string;
  handler: (ctx: Ctx) => void;
  /** Needs `Authorization: Bearer` (the OAuth verify endpoints take the token as a parameter instead). */
  auth: boolean;
  json: boolean;
}

const r = (endpoint: string, handler: (ctx: Ctx) => void, auth = true, json = false): Route => ({ endpoint, handler, auth, json });

const ROUTES = new Map<string, Route>([
  ['POST /v2/bot/message/push', r('push', handlePush, true, true)],
  ['POST /v2/bot/message/multicast', r('multicast', handleMulticast, true, true)],
  ['POST /v2/bot/message/reply', r('reply', handleReply, true, true)],
  ...['push', 'multicast', 'reply', 'narrowcast', 'broadcast'].map(
    (k) => [`POST /v2/bot/message/validate/${k}`, r(`validate/${k}`, handleValidate, true, true)] as [string, Route],
  ),
  ['GET /v2/bot/message/quota', r('quota', handleQuota)],
  ['GET /v2/bot/message/quota/consumption', r('consumption', handleConsumption)],
  ['GET /v2/bot/info', r('info', handleBotInfo)],
  ['GET /v2/bot/message/delivery/push', r('delivery/push', handleDeliveryCount('push'))],
  ['GET /v2/bot/message/delivery/multicast', r('delivery/multicast', handleDeliveryCount('multicast'))],
  ['GET /v2/bot/message/delivery/reply', r('delivery/reply', handleDeliveryCount('reply'))],
  ['GET /v2/bot/message/delivery/broadcast', r('delivery/broadcast', handleDeliveryCount('broadcast'))],
  ['GET /v2/bot/insight/message/delivery', r('insight/delivery', handleInsightDelivery)],
  ['GET /v2/bot/message/aggregation/info', r('aggregation/info', handleAggregationInfo)],
  ['GET /v2/bot/message/aggregation/list', r('aggregation/list', handleAggregationList)],
  ['GET /v2/bot/insight/message/event/aggregation', r('statistics', handleUnitStatistics)],
  ['GET /oauth2/v2.1/verify', r('verify', handleVerify, false)],
  ['POST /v2/oauth/verify', r('verify', handleVerify, false)],
  ['POST /oauth2/v3/token', r('token', handleIssueStateless, false)],
]);

export interface StartEmulatorOptions extends EmulatorConfigInput {
  port?: number;
  host?: string;
  /**
   * Keep the emulator's memory (retry keys, deliveries, usage, units, user states) in this directory, so a
   * restart, even after kill -9, answers like LINE would (see persist.ts). Without it everything is in memory.
   */
  stateDir?: string;
  /** Compaction threshold of the state directory's journal in bytes (tests use a small one). */
  compactBytes?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  state: EmulatorState;
  close(): Promise<void>;
}

/** Starts the LINE emulator on `host:port` (port 0 or omitted: any free port). */
export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', stateDir, compactBytes, ...config } = opts;
  const state = new EmulatorState(config);
  const store = stateDir ? StateStore.open(state, { dir: stateDir, ...(compactBytes ? { compactBytes } : {}) }) : null;
  const hung = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const ctx: Ctx = {
      req,
      res,
      state,
      endpoint: '',
      path,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      token: '',
      requestId: newRequestId(),
      now: state.now(),
      raw: '',
      hang(afterAccept) {
        const f = state.config.faults;
        hung.add(res);
        const end = () => {
          hung.delete(res);
          res.destroy();
        };
        if (afterAccept && f.afterAccept === 'close') end();
        else setTimeout(end, f.hangMs).unref();
      },
    };
    if (path.startsWith('/_emulator/')) {
      const b = bearer(req);
      if (b) ctx.token = b;
      ctx.raw = req.method === 'GET' ? '' : ((await readBody(req)) ?? '');
      return handleInspect(ctx);
    }
    const route = ROUTES.get(`${req.method} ${path}`);
    if (!route) {
      req.resume();
      return sendError(ctx, 404, LINE_MESSAGES.notFound);
    }
    ctx.endpoint = route.endpoint;
    if (route.auth) {
      const token = bearer(req);
      if (token === null) {
        req.resume();
        state.stats.count(route.endpoint, 'clientError', ctx.now);
        return sendError(ctx, 401, LINE_MESSAGES.noAuthHeader);
      }
      if (!token || !state.tokenAllowed(token, ctx.now)) {
        req.resume();
        state.stats.count(route.endpoint, 'clientError', ctx.now);
        return sendError(ctx, 401, LINE_MESSAGES.invalidToken);
      }
      ctx.token = state.channelKeyOf(token);
    }
    if (req.method === 'POST') {
      const ct = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const want = route.json ? 'application/json' : 'application/x-www-form-urlencoded';
      if (ct !== want) {
        req.resume();
        state.stats.count(route.endpoint, 'clientError', ctx.now);
        return sendError(ctx, 415, lineUnsupportedContentType(ct || 'none'));
      }
      const raw = await readBody(req);
      if (raw === null) {
        state.stats.count(route.endpoint, 'clientError', ctx.now);
        return sendError(ctx, 413, LINE_MESSAGES.bodyTooLarge);
      }
      ctx.raw = raw;
    }
    const f = state.config.faults;
    if ((f.latencyMs > 0 || f.latencyJitterMs > 0) && f.endpoints.includes(route.endpoint)) {
      await new Promise((done) => setTimeout(done, f.latencyMs + Math.random() * f.latencyJitterMs));
      ctx.now = state.now();
    }
    if (route.auth && !state.takeRate(ctx.token, route.endpoint, ctx.now)) {
      state.stats.count(route.endpoint, 'rateLimited', ctx.now);
      return sendRateLimited(ctx);
    }
    try {
      route.handler(ctx);
    } finally {
      state.settle();
    }
  };

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        sendJson({ res, requestId: newRequestId() }, 500, { message: LINE_MESSAGES.internalError, detail: String(err) });
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (e) {
    store?.close();
    throw e;
  }
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${addr.port}`,
    port: addr.port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        hung.clear();
        server.close(() => {
          store?.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
