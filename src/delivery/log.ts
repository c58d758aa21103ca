import { zonedIso } from '../domain/time.ts';
import { z } from 'zod';
import type { Queryable } from '../db/types.ts';
import { Text } from '../schemas/common.ts';
import { bigintCursor } from '../schemas/cursor.ts';
import * as sql from './queries.ts';

export const DeliveryStatus = z.enum(['pending', 'sending', 'accepted', 'failed', 'excluded', 'canceled']);

/** One line of the per-recipient delivery log. */
export const DeliveryLogItem = z.object({
  id: z.string(),
  lineUserId: z.string().nullable(),
  profileId: z.string().nullable(),
  status: DeliveryStatus,
  reason: z.string().nullable(),
  attempts: z.number().int(),
  endpoint: z.enum(['push', 'multicast']).nullable(),
  retryKey: z.string().nullable(),
  lineRequestId: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  isTest: z.boolean(),
  /** Why it failed, in detail: LINE's error message, or the render failure / broken rule of a payload never sent. */
  detail: z.string().nullable(),
});
export type DeliveryLogItem = z.infer<typeof DeliveryLogItem>;

export const DeliveryLogQuery = z.object({
  status: DeliveryStatus.optional(),
  reason: Text.max(60).optional(),
  isTest: z.enum(['true', 'false']).optional(),
  // ids: profile ids for the audience, negative for test sends
  cursor: bigintCursor({ signed: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type DeliveryLogQuery = z.infer<typeof DeliveryLogQuery>;

type Row = {
  id: number;
  line_user_id: string | null;
  profile_id: number | null;
  status: DeliveryLogItem['status'];
  reason: string | null;
  attempts: number;
  endpoint: 'push' | 'multicast' | null;
  retry_key: string | null;
  line_request_id: string | null;
  accepted_at: Date | null;
  is_test: boolean;
  detail: string | null;
};

const toItem = (r: Row): DeliveryLogItem => ({
  id: String(r.id),
  lineUserId: r.line_user_id,
  profileId: r.profile_id === null ? null : String(r.profile_id),
  status: r.status,
  reason: r.reason,
  attempts: r.attempts,
  endpoint: r.endpoint,
  retryKey: r.retry_key,
  lineRequestId: r.line_request_id,
  acceptedAt: r.accepted_at ? r.accepted_at.toISOString() : null,
  isTest: r.is_test,
  detail: r.detail,
});

/** A page of the log in id order; the cursor is the last id seen. */
export async function listDeliveries(
  q: Queryable,
  campaignId: string,
  f: DeliveryLogQuery,
): Promise<{ items: DeliveryLogItem[]; nextCursor: string | null }> {
  // every filter is a parameter; absent ones are NULL and the query skips them
  const params: unknown[] = [
    campaignId,
    f.limit + 1,
    f.cursor ?? null,
    f.status ?? null,
    f.reason ?? null,
    f.isTest ? f.isTest === 'true' : null,
  ];
  const r = await q.query<Row>(sql.deliveryLogPage, params);
  const more = r.rows.length > f.limit;
  const rows = more ? r.rows.slice(0, f.limit) : r.rows;
  return { items: rows.map(toItem), nextCursor: more ? String(rows[rows.length - 1]!.id) : null };
}

const CSV_COLUMNS = [
  'id',
  'line_user_id',
  'profile_id',
  'status',
  'reason',
  'attempts',
  'endpoint',
  'retry_key',
  'line_request_id',
  'accepted_at',
  'is_test',
  'detail',
  'time_zone',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? "'" : '') + s.replace(/"/g, '""')}"` : s;
}

/**
 * The whole log as CSV, page by page as the client consumes it (never held in memory whole). The header line
 * comes with the first page, so nothing is sent before the first query has worked (see src/http/csv-stream.ts).
 * Times are in the workspace's zone with their offset; the last column names the zone.
 */
export async function* deliveriesCsv(
  q: Queryable,
  campaignId: string,
  f: Omit<DeliveryLogQuery, 'cursor' | 'limit'> = {},
  timeZone = 'UTC',
): AsyncGenerator<string> {
  let cursor: string | undefined;
  let text = CSV_COLUMNS.join(',') + '\n';
  for (;;) {
    const page = await listDeliveries(q, campaignId, { ...f, cursor, limit: 500 });
    text += page.items
      .map(
        (i) =>
          [
            i.id,
            i.lineUserId,
            i.profileId,
            i.status,
            i.reason,
            i.attempts,
            i.endpoint,
            i.retryKey,
            i.lineRequestId,
            zonedIso(i.acceptedAt, timeZone),
            i.isTest,
            i.detail,
            timeZone,
          ]
            .map(csvCell)
            .join(',') + '\n',
      )
      .join('');
    yield text;
    text = '';
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
