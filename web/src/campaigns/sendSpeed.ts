/** How long a send takes at the account's rate limit: the number the Activation tab explains. */
export function estimateSeconds(recipients: number, mode: 'push' | 'multicast', limits: { pushPerSecond: number; multicastPerSecond: number }): number {
  if (recipients <= 0) return 0;
  const requests = mode === 'push' ? recipients : Math.ceil(recipients / 500);
  const perSecond = mode === 'push' ? limits.pushPerSecond : limits.multicastPerSecond;
  return requests / Math.max(1, perSecond);
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.ceil(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.ceil(seconds / 60)} min`;
  return `about ${Math.round((seconds / 3600) * 10) / 10} h`;
}
