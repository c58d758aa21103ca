import { Pool } from 'undici';

/** One request as the suites send it: `path` is already encoded (hostile encodings are sent as they are). */
export interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back, or how it failed: `error` is set when the answer never completed (timeout, cut connection). */
export interface Res {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  error: string | null;
  ms: number;
}

/**
 * A client over a real socket (not fastify.inject): only a real connection shows answers that stop halfway,
 * errors raised by Node's HTTP parser (414, 431) and a keep-alive connection left unusable by the request
 * before it. One connection, so every request reuses the socket the previous one left behind.
 */
export class Client {
  private pool: Pool;
  constructor(
    readonly origin: string,
    // a hang is an answer that never comes; 60 s leaves room for a machine under heavy load (launches snapshot)
    private timeoutMs = 60_000,
  ) {
    this.pool = new Pool(origin, { connections: 1, pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async send(r: Req, opts: { timeoutMs?: number; maxBodyBytes?: number } = {}): Promise<Res> {
    const t0 = Date.now();
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    try {
      const res = await this.pool.request({ method: r.method as 'GET', path: r.path, headers: r.headers, body: r.body, signal: ac.signal });
      status = res.statusCode;
      headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
      let n = 0;
      for await (const c of res.body) {
        chunks.push(c as Buffer);
        n += (c as Buffer).length;
        if (opts.maxBodyBytes && n >= opts.maxBodyBytes) {
          res.body.destroy();
          break;
        }
      }
      const body = Buffer.concat(chunks);
      return { status, headers, body, text: body.toString('utf8'), error: null, ms: Date.now() - t0 };
    } catch (e) {
      const body = Buffer.concat(chunks);
      const err = e as Error & { code?: string };
      const reason = ac.signal.aborted
        ? String((ac.signal.reason as Error)?.message ?? 'timeout')
        : `${err.code ?? err.name}: ${err.message}`;
      return { status, headers, body, text: body.toString('utf8'), error: reason, ms: Date.now() - t0 };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Opens a response and hands its body stream to `use` (for Server-Sent Events), then closes it. */
  async stream(
    r: Req,
    use: (status: number, headers: Record<string, string>, body: AsyncIterable<Buffer>) => Promise<void>,
    timeoutMs = this.timeoutMs,
  ): Promise<string | null> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new Error(`stream not done within ${timeoutMs} ms`)), timeoutMs);
    try {
      const res = await this.pool.request({ method: r.method as 'GET', path: r.path, headers: r.headers, body: r.body, signal: ac.signal });
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v ?? '')]));
      try {
        await use(res.statusCode, headers, res.body as AsyncIterable<Buffer>);
      } finally {
        // Closing a stream early is the point here: its abort error is expected, not a failure.
        res.body.on('error', () => undefined);
        res.body.destroy();
      }
      return null;
    } catch (e) {
      const err = e as Error & { code?: string };
      return ac.signal.aborted ? String((ac.signal.reason as Error)?.message) : `${err.code ?? err.name}: ${err.message}`;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** JSON body, or undefined when the body is not JSON. */
export function jsonOf(res: Res): unknown {
  try {
    return res.text ? JSON.parse(res.text) : undefined;
  } catch {
    return undefined;
  }
}
