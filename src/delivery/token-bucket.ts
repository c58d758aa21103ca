/**
 * A token bucket for one (LINE account, endpoint), held by the account's only dispatcher, so the limit is exact
 * across processes. The burst is small (50 ms of tokens) so the send rate stays smooth and LINE's own bucket
 * never sees a spike; a 429 pauses the bucket briefly.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  rate: number;

  constructor(
    ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.rate = ratePerSecond;
    this.tokens = 1;
    this.last = now();
  }

  get burst(): number {
    return Math.max(1, this.rate / 20);
  }

  setRate(ratePerSecond: number): void {
    if (ratePerSecond === this.rate) return;
    this.refill();
    this.rate = ratePerSecond;
    this.tokens = Math.min(this.tokens, this.burst);
  }

  private refill(): void {
    const t = this.now();
    // `last` may lie in the future (the end of a pause): nothing accrues before it
    if (t > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.rate) / 1000);
      this.last = t;
    }
  }

  /** Takes a token if one is there; otherwise returns how many ms until one will be. */
  tryTake(): number {
    const t = this.now();
    if (t < this.pausedUntil) return this.pausedUntil - t;
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) * 1000) / this.rate;
  }

  /**
   * LINE said 429 (rate): stop sending for a moment and start again with an empty bucket. Tokens accrue only from
   * the end of the pause, so requests leave at the rate from then on (the first one a token's time after it), not
   * a burst's worth at once.
   */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
    this.last = Math.max(this.last, this.pausedUntil);
  }
}
