/** Counters for `GET /_emulator/stats`: totals, per endpoint, and per-second rates over the last minute. */

export type Outcome = 'accepted' | 'duplicate' | 'rateLimited' | 'quotaExceeded' | 'clientError' | 'serverError' | 'timeout';

interface EndpointCounters {
  requests: number;
  accepted: number;
  duplicate: number;
  rateLimited: number;
  quotaExceeded: number;
  clientError: number;
  serverError: number;
  timeout: number;
  delivered: number;
  /** Requests counted in each of the last 60 seconds: slot = second % 60, tagged with its second. */
  slotCount: number[];
  slotSecond: number[];
}

function newCounters(): EndpointCounters {
  return {
    requests: 0,
    accepted: 0,
    duplicate: 0,
    rateLimited: 0,
    quotaExceeded: 0,
    clientError: 0,
    serverError: 0,
    timeout: 0,
    delivered: 0,
    slotCount: new Array<number>(60).fill(0),
    slotSecond: new Array<number>(60).fill(-1),
  };
}

export class Stats {
  private endpoints = new Map<string, EndpointCounters>();
  /** endpoint → customAggregationUnits value (`(none)` when absent) → requests that arrived with it. */
  private units = new Map<string, Map<string, number>>();
  skippedRecipients = 0;
  startedAt = Date.now();
  /** Wall-clock ms of the first push or multicast request since the start or reset (time-to-first-message bench). */
  firstSendAt: number | null = null;

  private counters(endpoint: string): EndpointCounters {
    let c = this.endpoints.get(endpoint);
    if (!c) {
      c = newCounters();
      this.endpoints.set(endpoint, c);
    }
    return c;
  }

  count(endpoint: string, outcome: Outcome, now: number, delivered = 0): void {
    const c = this.counters(endpoint);
    c.requests++;
    c[outcome]++;
    c.delivered += delivered;
    const sec = Math.floor(now / 1000);
    const slot = sec % 60;
    if (c.slotSecond[slot] !== sec) {
      c.slotSecond[slot] = sec;
      c.slotCount[slot] = 0;
    }
    c.slotCount[slot]!++;
  }

  /** Every push/multicast request that parsed, whatever its answer: what Linecast sent, not what LINE accepted. */
  countUnit(endpoint: string, unit: unknown): void {
    this.firstSendAt ??= Date.now();
    const name = Array.isArray(unit)
      ? unit.map(String).join(',') || '(none)'
      : unit === undefined || unit === null
        ? '(none)'
        : `(invalid) ${JSON.stringify(unit)}`;
    let m = this.units.get(endpoint);
    if (!m) this.units.set(endpoint, (m = new Map()));
    m.set(name, (m.get(name) ?? 0) + 1);
  }

  snapshot(now: number): Record<string, unknown> {
    const nowSec = Math.floor(now / 1000);
    const perEndpoint: Record<string, unknown> = {};
    const t = {
      accepted: 0,
      duplicate: 0,
      rateLimited: 0,
      quotaExceeded: 0,
      clientError: 0,
      serverError: 0,
      timeout: 0,
      delivered: 0,
      requests: 0,
    };
    for (const [name, c] of this.endpoints) {
      const rate = (ago: number) => {
        const s = nowSec - ago;
        const slot = s % 60;
        return c.slotSecond[slot] === s ? c.slotCount[slot]! : 0;
      };
      let last10 = 0;
      let peak = 0;
      for (let ago = 1; ago <= 59; ago++) {
        const r = rate(ago);
        if (ago <= 10) last10 += r;
        if (r > peak) peak = r;
      }
      perEndpoint[name] = {
        requests: c.requests,
        accepted: c.accepted,
        duplicate: c.duplicate,
        rateLimited: c.rateLimited,
        quotaExceeded: c.quotaExceeded,
        clientError: c.clientError,
        serverError: c.serverError,
        timeout: c.timeout,
        deliveredMessages: c.delivered,
        perSecond: { current: rate(0), lastSecond: rate(1), avgLast10s: last10 / 10, peakLastMinute: Math.max(peak, rate(0)) },
      };
      for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += c[k];
    }
    return {
      acceptedRequests: t.accepted,
      duplicateRequests: t.duplicate,
      rateLimited: t.rateLimited,
      quotaExceeded: t.quotaExceeded,
      clientErrors: t.clientError,
      serverErrors: t.serverError,
      timeouts: t.timeout,
      totalRequests: t.requests,
      deliveredMessages: t.delivered,
      skippedRecipients: this.skippedRecipients,
      requestsByAggregationUnit: Object.fromEntries([...this.units].map(([e, m]) => [e, Object.fromEntries(m)])),
      uptimeMs: now - this.startedAt,
      firstSendAt: this.firstSendAt,
      perEndpoint,
    };
  }

  reset(): void {
    this.endpoints.clear();
    this.units.clear();
    this.skippedRecipients = 0;
    this.startedAt = Date.now();
    this.firstSendAt = null;
  }
}
