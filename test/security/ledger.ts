import type { Req, Res } from './http.ts';

/** A request that broke a promise: a 5xx, an error outside the documented shape, a hang or a cut answer. */
export interface Failure {
  part: string;
  op: string;
  problem: string;
  req: Req;
  status: number;
  body: string;
  /** The message the app logged for this request (from the 500 body's request id), when there is one. */
  logged: string | null;
  seed: number;
}

/** Counts requests per part and keeps every failure, so one run reports all classes at once. */
export class Ledger {
  readonly counts = new Map<string, number>();
  readonly failures: Failure[] = [];

  constructor(readonly seed: number) {}

  count(part: string, n = 1): void {
    this.counts.set(part, (this.counts.get(part) ?? 0) + n);
  }

  fail(f: Omit<Failure, 'seed'>): void {
    this.failures.push({ ...f, seed: this.seed });
  }

  /** Every failure fails the run (the suite once tolerated known classes while their fixes were under way). */
  get unexpected(): Failure[] {
    return this.failures;
  }

  /**
   * One line of totals (quoted in docs/security.md), then one line per failure class (by operation and
   * problem), each with its shortest example.
   */
  summary(title: string): string {
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const failedIn = (part: string) => this.failures.filter((f) => f.part === part).length;
    const parts = [...this.counts.entries()].map(([k, v]) => `${k} ${v}${failedIn(k) ? ` with ${failedIn(k)} failed` : ''}`).join(', ');
    const lines = [
      `${title}: ${total} requests (${parts}); ${this.failures.length} failed, ${this.unexpected.length} unexpected; seed ${this.seed}`,
    ];
    const byClass = new Map<string, Failure[]>();
    for (const f of this.failures) {
      const k = `${f.part} | ${f.op} | ${f.problem.replace(/: .*/s, '')}`;
      byClass.set(k, [...(byClass.get(k) ?? []), f]);
    }
    for (const [k, fs] of [...byClass.entries()].sort()) {
      const ex = fs.reduce((a, b) => (describe(a).length <= describe(b).length ? a : b));
      lines.push(`  ${fs.length}× ${k}\n      e.g. ${describe(ex)}`);
    }
    return lines.join('\n');
  }
}

const clip = (s: string, n: number) => {
  const shown = s.replace(
    // eslint-disable-next-line no-control-regex -- showing control characters is the point
    /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return shown.length > n ? `${shown.slice(0, n)}…(${s.length} chars)` : shown;
};

export function describe(f: Failure): string {
  const body =
    f.req.body === undefined ? '' : ` body=${typeof f.req.body === 'string' ? clip(f.req.body, 300) : `<${f.req.body.length} bytes>`}`;
  const ct = f.req.headers?.['content-type'] ? ` [${f.req.headers['content-type']}]` : '';
  return `${f.req.method} ${clip(f.req.path, 200)}${ct}${body} → ${clip(f.problem, 200)} ${clip(f.body, 160)}${f.logged ? ` (logged: ${clip(f.logged, 200)})` : ''}`;
}

/** The logged error of a 500 answer ("… the request id is req-1f"), looked up in the app's log lines. */
export function loggedFor(res: Res, logs: { reqId?: string; msg: string; err?: { message?: string; type?: string } }[]): string | null {
  const m = /request id is (\S+)/.exec(res.text);
  if (!m) return null;
  const id = m[1]!.replace(/["}.]+$/, '');
  const line = logs.find((l) => l.reqId === id && l.err);
  return line ? `${line.err!.type ?? 'Error'}: ${line.err!.message ?? ''}` : null;
}
