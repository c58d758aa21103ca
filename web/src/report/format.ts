/** A rate (0.1234) as a percentage with one decimal (12.3), for chart values. */
export const percent = (n: number) => Math.round(n * 1000) / 10;
