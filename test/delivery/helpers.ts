import type { Db } from '../../src/db/types.ts';
import { snapshotCampaign } from '../../src/delivery/snapshot.ts';
import { campaign, type CampaignOpts, type World } from './fixture.ts';

/** Creates an Active campaign with its revision and snapshot, as a launch would. */
export async function launched(db: Db, w: World, o: CampaignOpts = {}) {
  const c = await campaign(db, w, o);
  const snap = await db.tx((q) => snapshotCampaign(q, c));
  return { ...c, ...snap };
}

export async function stateOf(db: Db, campaignId: string): Promise<{ state: string; reason: string | null }> {
  const r = await db.query<{ state: string; state_reason: string | null }>('SELECT state, state_reason FROM campaigns WHERE id = $1', [
    campaignId,
  ]);
  return { state: r.rows[0]!.state, reason: r.rows[0]!.state_reason };
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitState(db: Db, campaignId: string, states: string[], timeoutMs = 120_000) {
  return waitFor(
    async () => {
      const s = await stateOf(db, campaignId);
      return states.includes(s.state) ? s : null;
    },
    timeoutMs,
    `campaign in ${states.join('/')}`,
  );
}

export async function emuStats(
  url: string,
): Promise<{ distinctUsers: number; usersWithMultipleDeliveries: number; recipientDeliveries: number; [k: string]: unknown }> {
  return (await fetch(url + '/_emulator/stats')).json() as never;
}

export async function emuConfig(url: string, patch: unknown): Promise<void> {
  const r = await fetch(url + '/_emulator/config', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!r.ok) throw new Error(`emulator config: ${r.status} ${await r.text()}`);
}
