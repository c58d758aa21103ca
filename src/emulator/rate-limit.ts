/**
 * Token buckets keyed by channel and endpoint, as LINE documents it: tokens refill continuously (no window
 * reset), each request takes one, an empty bucket answers 429. The bucket holds one period's worth, so a
 * quiet channel may burst up to `capacity` at once.
 */
interface Bucket {
  tokens: number;
  last: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  /** `perMs` tokens refill per millisecond; `capacity` is the most the bucket holds. */
  take(key: string, capacity: number, perMs: number, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: capacity, last: now };
      this.buckets.set(key, b);
    } else if (now > b.last) {
      b.tokens = Math.min(capacity, b.tokens + (now - b.last) * perMs);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  reset(): void {
    this.buckets.clear();
  }
}
