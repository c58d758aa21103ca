import type { Queryable } from '../db/types.ts';

/** Instance-wide settings (the settings table: key → JSON value), e.g. what the demo seeded and in which language. */
export async function getSetting(q: Queryable, key: string): Promise<unknown> {
  const r = await q.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [key]);
  return r.rows[0]?.value;
}

export async function hasSetting(q: Queryable, key: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM settings WHERE key = $1', [key])).rows.length > 0;
}

/** Adds settings that must not exist yet (a second writer fails on the primary key, as a plain INSERT does). */
export async function addSettings(q: Queryable, values: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(values))
    await q.query('INSERT INTO settings (key, value) VALUES ($1, $2)', [key, JSON.stringify(value)]);
}
