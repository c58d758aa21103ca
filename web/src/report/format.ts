/** How report figures read: thousands separators, rates as percentages with one decimal, "—" when unknown. */
export const fmt = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString());
export const pct = (n: number | null | undefined) => (n == null ? '—' : `${Math.round(n * 1000) / 10}%`);
