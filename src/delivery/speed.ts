import type { ActiveCampaign } from './store.ts';

/**
 * How many recipients a campaign may have claimed by `now` (revision deliverySpeed): all of them when
 * `fastest`; spread evenly over `durationMinutes`; or at most `perMinute` a minute. Paced from the snapshot
 * time, in small steps, so the landing site sees a steady trickle rather than bursts.
 */
export function allowedClaims(c: Pick<ActiveCampaign, 'pendingTotal' | 'startedAt' | 'content'>, now: number): number {
  const s = c.content.deliverySpeed;
  if (s.mode !== 'staged') return Number.POSITIVE_INFINITY;
  const elapsedMin = Math.max(0, now - c.startedAt.getTime()) / 60_000;
  let allowed = Number.POSITIVE_INFINITY;
  if (s.durationMinutes) allowed = Math.min(allowed, Math.ceil((c.pendingTotal * elapsedMin) / s.durationMinutes));
  if (s.perMinute) allowed = Math.min(allowed, Math.ceil(s.perMinute * elapsedMin));
  return Math.max(1, allowed);
}
