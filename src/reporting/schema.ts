/** The report shapes live with the other API shapes (src/schemas), where the UI may import them too. */
export * from '../schemas/report.ts';
