import type { Config } from '../config.ts';
import { openDb } from '../db/open.ts';
import { archiveDeliveries, type ArchiveOutcome } from '../delivery/archive.ts';
import { campaignFinishPort } from '../campaigns/finished.ts';

export interface ArchiveCliOptions {
  before?: string;
  campaign?: string[];
  exportDir?: string;
  drop?: boolean;
  dryRun?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the options; a message naming the bad option, or the parsed ones. */
export function parseArchiveOptions(o: ArchiveCliOptions): string | { before: Date; campaignIds?: string[]; exportDir: string | null } {
  if (!o.before) return '--before <date> is required (e.g. 2026-06-01: campaigns finished before that day)';
  const before = new Date(/^\d{4}-\d{2}-\d{2}$/.test(o.before) ? o.before + 'T00:00:00Z' : o.before);
  if (Number.isNaN(before.getTime())) return `--before: not a date: ${o.before} (use YYYY-MM-DD or an ISO 8601 time)`;
  const bad = (o.campaign ?? []).find((c) => !UUID.test(c));
  if (bad !== undefined) return `--campaign: not a campaign id: ${bad}`;
  if (!o.dryRun && !o.exportDir && !o.drop)
    return 'Say what happens to the rows: --export-dir <dir> (written there, then dropped) or --drop (dropped without a copy)';
  if (o.exportDir && o.drop) return '--export-dir and --drop exclude each other';
  return { before, campaignIds: o.campaign?.length ? o.campaign.map((c) => c.toLowerCase()) : undefined, exportDir: o.exportDir ?? null };
}

/**
 * `linecast archive-deliveries`: drops (or exports, then drops) the per-recipient delivery rows of campaigns that
 * finished before a date, one partition each; live campaigns are refused. Prints one JSON line; exit code 1 when a
 * campaign named with --campaign was refused, 2 for bad options.
 */
export async function archiveDeliveriesCli(config: Config, o: ArchiveCliOptions): Promise<number> {
  const p = parseArchiveOptions(o);
  if (typeof p === 'string') {
    console.error(p);
    return 2;
  }
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let r: ArchiveOutcome;
  try {
    r = await archiveDeliveries(db, campaignFinishPort, { ...p, dryRun: o.dryRun });
  } finally {
    await db.close();
  }
  console.log(JSON.stringify({ dryRun: !!o.dryRun, ...r }));
  for (const l of r.leftAlone)
    if (p.campaignIds) console.error(`Left alone: ${l.name} (${l.campaignId}) is ${l.why === 'live' ? l.state : 'finished too recently'}`);
  return p.campaignIds && r.leftAlone.length ? 1 : 0;
}
