import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Db, Queryable } from '../db/types.ts';
import type { CampaignFinishPort } from '../app/ports.ts';
import * as sql from './queries.ts';

/**
 * Archiving an old campaign's per-recipient delivery rows (docs/decisions/delivery-partitions.md): its partition of
 * delivery_recipients is detached and dropped (optionally exported first), its request rows deleted. Live campaigns
 * are never touched: only Finished ones whose last move to Finished is older than `before`. Totals stay: the
 * campaign row, delivery_campaigns (pending and excluded counts) and the rollups (counts by status and reason,
 * sends per minute) are kept, so its report still answers.
 */
export interface ArchiveOptions {
  before: Date;
  /** Only these campaigns (each still has to be Finished before `before`); all campaigns when absent. */
  campaignIds?: string[];
  /** Write each campaign's delivery log here (`<campaign id>.deliveries.ndjson.gz`) before dropping it. */
  exportDir?: string | null;
  /** Only list what would be archived. */
  dryRun?: boolean;
}

export interface ArchivedCampaign {
  campaignId: string;
  name: string;
  finishedAt: string;
  recipients: number;
  requests: number;
  exportFile: string | null;
}

export interface LeftAlone {
  campaignId: string;
  name: string;
  state: string;
  /** live: Active, Suspended, Planned or Draft (test sends); recent: finished on or after `before`. */
  why: 'live' | 'recent';
}

export interface ArchiveOutcome {
  archived: ArchivedCampaign[];
  leftAlone: LeftAlone[];
}

const PAGE = 5_000;

/** The partition's name for a campaign, as delivery_recipients_partition() makes it (migration 500). */
export function recipientPartition(campaignId: string): string {
  return 'delivery_recipients_' + campaignId.replace(/-/g, '');
}

interface Candidate {
  id: string;
  name: string;
  state: string;
  finishedAt: Date | null;
  archived: boolean;
}

/** The campaign id a partition's name carries (the inverse of recipientPartition). */
function campaignOf(table: string): string {
  const h = table.slice('delivery_recipients_'.length);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Campaigns that still have a partition (an interrupted archive's campaign included: it is finished off). */
async function candidates(q: Queryable, campaigns: CampaignFinishPort, only: string[] | null): Promise<Candidate[]> {
  const parts = await q.query<{ t: string }>(sql.recipientPartitions);
  const ids = parts.rows.map((p) => campaignOf(p.t)).filter((id) => !only || only.includes(id));
  const archived = new Set((await q.query<{ id: string }>(sql.archivedOf, [ids])).rows.map((r) => r.id));
  // a partition whose campaign was deleted is not listed: the campaign's report is gone with it
  return (await campaigns.finishInfo(q, ids)).map((c) => ({ ...c, archived: archived.has(c.id) }));
}

export async function archiveDeliveries(db: Db, campaigns: CampaignFinishPort, o: ArchiveOptions): Promise<ArchiveOutcome> {
  const out: ArchiveOutcome = { archived: [], leftAlone: [] };
  for (const c of await candidates(db, campaigns, o.campaignIds ?? null)) {
    if (c.state !== 'Finished') {
      out.leftAlone.push({ campaignId: c.id, name: c.name, state: c.state, why: 'live' });
      continue;
    }
    if (!c.archived && (!c.finishedAt || c.finishedAt >= o.before)) {
      out.leftAlone.push({ campaignId: c.id, name: c.name, state: c.state, why: 'recent' });
      continue;
    }
    if (o.dryRun) {
      const n = await db.query<{ n: number }>(sql.countRecipients, [c.id]);
      const finishedAt = c.finishedAt?.toISOString() ?? '';
      out.archived.push({ campaignId: c.id, name: c.name, finishedAt, recipients: n.rows[0]!.n, requests: 0, exportFile: null });
      continue;
    }
    const done = await archiveOne(db, campaigns, c, o.exportDir ?? null);
    if (done) out.archived.push(done);
    else out.leftAlone.push({ campaignId: c.id, name: c.name, state: 'Active', why: 'live' });
  }
  return out;
}

async function archiveOne(db: Db, campaigns: CampaignFinishPort, c: Candidate, exportDir: string | null): Promise<ArchivedCampaign | null> {
  const exportFile = exportDir ? await exportLog(db, c.id, exportDir) : null;
  const recipients = await db.query<{ n: number }>(sql.countRecipients, [c.id]);
  const requests = await db.tx(async (q) => {
    // the same lock a retry of failed deliveries takes: a campaign made Active meanwhile is left alone
    if ((await campaigns.lockState(q, c.id)) !== 'Finished') return null;
    // recorded first: the rollups' delete trigger skips archived campaigns, so the totals stay
    await q.query(sql.recordArchive, [c.id, recipients.rows[0]!.n, exportFile]);
    const del = await q.query(sql.deleteRequestsOfCampaign, [c.id]);
    await q.query(sql.addArchivedRequests, [c.id, del.rowCount]);
    return del.rowCount;
  });
  if (requests === null) return null;
  await dropPartition(db, recipientPartition(c.id));
  return {
    campaignId: c.id,
    name: c.name,
    finishedAt: c.finishedAt?.toISOString() ?? '',
    recipients: recipients.rows[0]!.n,
    requests,
    exportFile,
  };
}

/**
 * Detached CONCURRENTLY on PostgreSQL: that takes only SHARE UPDATE EXCLUSIVE on delivery_recipients (a plain
 * DETACH or a DROP of an attached partition takes ACCESS EXCLUSIVE, stopping every campaign's claims until it gets
 * it). PGlite has one connection, so nothing runs beside it. The detached table is then dropped on its own.
 */
async function dropPartition(db: Db, table: string): Promise<void> {
  const attached = await db.query(sql.isAttachedPartition, [table]);
  if (attached.rows.length) {
    await db.query(sql.detachPartition(table, db.engine === 'postgres'));
  }
  await db.query(sql.dropPartitionTable(table));
}

/** The campaign's delivery log (the `deliveries` view, test sends included) as gzipped NDJSON, page by page. */
async function exportLog(db: Db, campaignId: string, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.resolve(dir, `${campaignId}.deliveries.ndjson.gz`);
  const tmp = file + '.partial';
  const gz = createGzip();
  const sink = fs.createWriteStream(tmp);
  const piped = once(gz.pipe(sink), 'finish');
  let after = '-9223372036854775808';
  for (;;) {
    const page = await db.query<Record<string, unknown> & { id: string }>(sql.exportPage(PAGE), [campaignId, after]);
    if (!page.rows.length) break;
    const text = page.rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (!gz.write(text)) await once(gz, 'drain');
    after = page.rows[page.rows.length - 1]!.id;
  }
  gz.end();
  await piped;
  // on disk before the rows are dropped
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return file;
}
