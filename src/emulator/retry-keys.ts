/**
 * LINE's retry-key memory. "The retry key management period on the LINE Platform side is 24 hours" and the
 * guide says a key is "valid for 24 hours after the first request": the window opens at the FIRST request that
 * carried the key (accepted or not) and later retries never move it. Within the window an accepted key answers
 * 409; past it, the key is free again and a request under it is new (it opens a new window).
 * Keys are per channel (LINE does not say; per channel is the safe reading).
 */
import type { SentMessage } from './deliveries.ts';

export interface RetryEntry {
  /** When the first request with this key arrived (emulator clock, ms). */
  firstAt: number;
  /** Set once a request under the key was accepted. */
  requestId?: string;
  sentMessages?: SentMessage[];
}

export class RetryKeys {
  /** `channel \n key` → entry, in first-request order (an expired entry is deleted before it is reopened). */
  private map = new Map<string, RetryEntry>();
  private lastSweep = 0;

  constructor(private readonly ttl: () => number) {}

  get size(): number {
    return this.map.size;
  }

  /**
   * The live entry for a key (opening a window when there is none or the old one ran out). `opened` tells the
   * caller this request is the key's first, so it must be remembered even if the request is not accepted.
   */
  touch(channel: string, key: string, now: number): { entry: RetryEntry; opened: boolean } {
    this.sweep(now);
    const k = channel + '\n' + key;
    const cur = this.map.get(k);
    if (cur && now - cur.firstAt < this.ttl()) return { entry: cur, opened: false };
    if (cur) this.map.delete(k);
    const entry: RetryEntry = { firstAt: now };
    this.map.set(k, entry);
    return { entry, opened: true };
  }

  /** The live entry for a key, if any, without opening a window (inspection). */
  peek(channel: string, key: string, now: number): RetryEntry | undefined {
    const cur = this.map.get(channel + '\n' + key);
    return cur && now - cur.firstAt < this.ttl() ? cur : undefined;
  }

  /** Restores an entry (from the state directory); an expired one is dropped. */
  restore(channel: string, key: string, entry: RetryEntry, now: number): void {
    if (now - entry.firstAt >= this.ttl()) return;
    const k = channel + '\n' + key;
    this.map.delete(k);
    this.map.set(k, entry);
  }

  /** Live entries, oldest first, for a snapshot. */
  *entries(now: number): Generator<[channel: string, key: string, entry: RetryEntry]> {
    const ttl = this.ttl();
    for (const [k, e] of this.map) {
      if (now - e.firstAt >= ttl) continue;
      const i = k.indexOf('\n');
      yield [k.slice(0, i), k.slice(i + 1), e];
    }
  }

  clear(): void {
    this.map.clear();
  }

  /** Entries are in first-request order, so the expired ones are at the front. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    const ttl = this.ttl();
    for (const [k, e] of this.map) {
      if (now - e.firstAt < ttl) break;
      this.map.delete(k);
    }
  }
}
