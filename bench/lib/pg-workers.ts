// Benches on a PostgreSQL server with the dispatcher in `linecast worker` processes (as deployed at scale), not in
// the bench's own process: profiles seeded with COPY, workers' RSS read from /proc, progress from the rollups.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/types.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { createWorkspace } from '../../src/admin/workspaces.ts';
import { addAccount, type World } from '../../test/delivery/fixture.ts';

const root = path.join(import.meta.dirname, '../..');

/** A workspace and parent segment, with a secret key the worker processes are given too. */
export async function pgWorld(db: Db): Promise<{ keyHex: string; box: SecretBox; ws: string; parentSegmentId: string }> {
  const keyHex = crypto.randomBytes(32).toString('hex');
  const box = new SecretBox(Buffer.from(keyHex, 'hex'));
  const ws = (await createWorkspace(db, { name: 'Bench', description: '' })).id;
  const parentSegmentId = (await db.query<{ id: string }>(`INSERT INTO parent_segments (name) VALUES ('P') RETURNING id`)).rows[0]!.id;
  return { keyHex, box, ws, parentSegmentId };
}

export async function account(
  db: Db,
  base: { box: SecretBox; ws: string; parentSegmentId: string },
  opts: { apiBaseUrl: string; token: string; pushPerSecond?: number; multicastPerSecond?: number },
): Promise<World> {
  return { box: base.box, ws: base.ws, parentSegmentId: base.parentSegmentId, accountId: await addAccount(db, base.box, base.ws, opts) };
}

/**
 * n profiles uid(offset+1 … offset+n), following, with a first name, loaded with COPY in chunks of 250,000 rows
 * (as `linecast import` loads them); then VACUUM (ANALYZE), as the importer ends.
 */
export async function copyProfiles(db: Db, parentSegmentId: string, n: number, offset = 0): Promise<void> {
  const chunk = 250_000;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    function* rows() {
      for (let i = 1; i <= size; i++) {
        const g = offset + start + i;
        yield [parentSegmentId, `c${g}`, 'U' + g.toString(16).padStart(32, '0'), 'following', `{"first_name":"N${g}"}`];
      }
    }
    await db.copyRows('profiles', ['parent_segment_id', 'customer_key', 'line_user_id', 'follow_status', 'attributes'], rows());
  }
  await db.exec('VACUUM (ANALYZE) profiles');
}

export interface Workers {
  children: ChildProcess[];
  /** Current RSS of each worker process, MB. */
  rssMb(): number[];
  /** Peak RSS of each worker process so far (VmHWM), MB. */
  peakMb(): number[];
  stop(): Promise<void>;
}

function statusMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** `linecast worker` × n against the database; resolves once each says it runs. */
export async function startWorkers(n: number, databaseUrl: string, keyHex: string, env: Record<string, string> = {}): Promise<Workers> {
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['bin/linecast.js', 'worker'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LINECAST_SECRET_KEY: keyHex, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    ready.push(
      new Promise((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('Linecast worker running')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
      }),
    );
  }
  await Promise.all(ready);
  return {
    children,
    rssMb: () => children.map((c) => statusMb(c.pid, 'VmRSS')),
    peakMb: () => children.map((c) => statusMb(c.pid, 'VmHWM')),
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** Accepted recipients of each campaign so far, from the rollup (never a scan of request rows). */
export async function acceptedSoFar(db: Db, campaignIds: string[]): Promise<Map<string, number>> {
  const r = await db.query<{ c: string; n: string }>(
    `SELECT campaign_id AS c, sum(recipients)::text AS n FROM delivery_counts WHERE campaign_id = ANY($1::uuid[]) AND status = 'accepted' GROUP BY 1`,
    [campaignIds],
  );
  return new Map(r.rows.map((x) => [x.c, Number(x.n)]));
}

/** Waits until every campaign is Finished (throws if one leaves Active otherwise); `tick` runs every `everyMs`. */
export async function waitFinished(
  db: Db,
  campaignIds: string[],
  tick: () => Promise<void> = async () => {},
  everyMs = 250,
): Promise<void> {
  for (;;) {
    const s = await db.query<{ id: string; state: string }>('SELECT id, state FROM campaigns WHERE id = ANY($1::uuid[])', [campaignIds]);
    const bad = s.rows.find((r) => r.state !== 'Active' && r.state !== 'Finished');
    if (bad) throw new Error(`campaign ${bad.id} became ${bad.state}`);
    await tick();
    if (s.rows.every((r) => r.state === 'Finished')) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Bytes the campaign's rows take on disk, tables with their indexes and TOAST. */
export async function deliveryBytes(db: Db, campaignId: string): Promise<{ snapshot: number; requests: number }> {
  const r = await db.query<{ snapshot: string; requests: string }>(
    `SELECT pg_total_relation_size(delivery_recipients_partition($1::uuid))::text AS snapshot,
            pg_total_relation_size('delivery_requests')::text AS requests`,
    [campaignId],
  );
  return { snapshot: Number(r.rows[0]!.snapshot), requests: Number(r.rows[0]!.requests) };
}
