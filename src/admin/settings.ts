import type { Queryable } from '../db/types.ts';
import * as sql from './queries.ts';

/** Instance-wide settings (the settings table: key → JSON value), e.g. what the demo seeded and in which language. */
export async function getSetting(q: Queryable, key: string): Promise<unknown> {
  const r = await q.query<{ value: unknown }>(sql.getSetting, [key]);
  return r.rows[0]?.value;
}

export async function hasSetting(q: Queryable, key: string): Promise<boolean> {
  return (await q.query(sql.hasSetting, [key])).rows.length > 0;
}

/** Adds settings that must not exist yet (a second writer fails on the primary key, as a plain INSERT does). */
export async function addSettings(q: Queryable, values: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(values)) await q.query(sql.addSettings, [key, JSON.stringify(value)]);
}

/** The setting's value, first writing `initial` when the key has none yet (every process then reads the same one). */
export async function settingOrInit(q: Queryable, key: string, initial: unknown): Promise<unknown> {
  await q.query(sql.settingOnce, [key, JSON.stringify(initial)]);
  return getSetting(q, key);
}
