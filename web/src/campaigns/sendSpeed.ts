/** How long a send takes at the account's rate limit: the number the Activation tab explains. */
export function estimateSeconds(
  recipients: number,
  mode: 'push' | 'multicast',
  limits: { pushPerSecond: number; multicastPerSecond: number },
): number {
  if (recipients <= 0) return 0;
  const requests = mode === 'push' ? recipients : Math.ceil(recipients / 500);
  const perSecond = mode === 'push' ? limits.pushPerSecond : limits.multicastPerSecond;
  return requests / Math.max(1, perSecond);
}

/** A duration in words: `duration.*` in the catalogues, the number formatted for the language. */
export function formatDuration(seconds: number, t: (key: string, o?: Record<string, unknown>) => string, locale: string): string {
  const n = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  if (seconds < 1) return t('duration.underSecond');
  if (seconds < 90) return t('duration.seconds', { n: n(Math.ceil(seconds)) });
  if (seconds < 90 * 60) return t('duration.minutes', { n: n(Math.ceil(seconds / 60)) });
  return t('duration.hours', { n: n(Math.round((seconds / 3600) * 10) / 10) });
}
