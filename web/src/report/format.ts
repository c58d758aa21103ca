/** How report figures read: thousands separators, rates as percentages with one decimal, "—" when unknown. */
export const fmt = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString());
/** A rate (0.1234) as a percentage with one decimal (12.3), for text and charts alike. */
export const percent = (n: number) => Math.round(n * 1000) / 10;
export const pct = (n: number | null | undefined) => (n == null ? '—' : `${percent(n)}%`);
