/**
 * What each user received. Built for a million recipients: a multicast's payload is stored once and users
 * point at it by index (a small integer, or an integer array only for users who got more than one request),
 * and `record: 'counts'` keeps a per-user count only.
 */
/** One entry of a push or reply answer's `sentMessages`. */
export interface SentMessage {
  id: string;
  quoteToken?: string;
}

export interface DeliveryRecord {
  requestId: string;
  endpoint: string;
  at: number;
  messages: unknown[];
  retryKey?: string;
  unit?: string;
}

export type RecordMode = 'messages' | 'counts' | 'none';

export class DeliveryLog {
  private requests: DeliveryRecord[] = [];
  private indexes = new Map<string, number | number[]>();
  private counts = new Map<string, number>();
  /** Recipient deliveries (LINE's unit of counting), whatever the record mode. */
  total = 0;

  record(mode: RecordMode, userIds: readonly string[], rec: DeliveryRecord): void {
    this.total += userIds.length;
    if (mode === 'none') return;
    if (mode === 'counts') {
      for (const id of userIds) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
      return;
    }
    const idx = this.requests.push(rec) - 1;
    for (const id of userIds) {
      const cur = this.indexes.get(id);
      if (cur === undefined) this.indexes.set(id, idx);
      else if (typeof cur === 'number') this.indexes.set(id, [cur, idx]);
      else cur.push(idx);
    }
  }

  /** In arrival order; `deliveries` is null when only counts are kept. */
  forUser(userId: string): { count: number; deliveries: DeliveryRecord[] | null } {
    const cur = this.indexes.get(userId);
    if (cur !== undefined) {
      const list = typeof cur === 'number' ? [cur] : cur;
      return { count: list.length, deliveries: list.map((i) => this.requests[i]!) };
    }
    const c = this.counts.get(userId);
    if (c !== undefined) return { count: c, deliveries: null };
    return { count: 0, deliveries: [] };
  }

  /** Users reached and users reached more than once (the "nothing twice" check), scanned on demand. */
  summary(): { distinctUsers: number; usersWithMultipleDeliveries: number } {
    let multi = 0;
    for (const v of this.indexes.values()) if (typeof v !== 'number') multi++;
    for (const v of this.counts.values()) if (v > 1) multi++;
    return { distinctUsers: this.indexes.size + this.counts.size, usersWithMultipleDeliveries: multi };
  }

  /** Users that received more than one request, up to `limit` (for a failing test's message). */
  duplicates(limit = 100): Array<{ userId: string; count: number }> {
    const out: Array<{ userId: string; count: number }> = [];
    for (const [id, v] of this.indexes) {
      if (typeof v !== 'number') out.push({ userId: id, count: v.length });
      if (out.length >= limit) return out;
    }
    for (const [id, v] of this.counts) {
      if (v > 1) out.push({ userId: id, count: v });
      if (out.length >= limit) return out;
    }
    return out;
  }

  /** Every recorded request with the users it reached, in arrival order (for a snapshot of the state). */
  *requestsWithRecipients(): Generator<[DeliveryRecord, string[]]> {
    const recipients: string[][] = this.requests.map(() => []);
    for (const [id, v] of this.indexes) {
      if (typeof v === 'number') recipients[v]!.push(id);
      else for (const i of v) recipients[i]!.push(id);
    }
    for (let i = 0; i < this.requests.length; i++) yield [this.requests[i]!, recipients[i]!];
  }

  /** Per-user counts kept in `counts` mode. */
  countEntries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }

  /** Puts back counts read from the state directory (the users' requests and `total` are restored apart). */
  restoreCount(userId: string, n: number): void {
    this.counts.set(userId, (this.counts.get(userId) ?? 0) + n);
  }

  clear(): void {
    this.requests = [];
    this.indexes.clear();
    this.counts.clear();
    this.total = 0;
  }
}
