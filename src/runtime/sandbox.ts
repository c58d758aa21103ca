import path from 'node:path';
import { advisoryXactLock, LOCKS } from '../db/locks.ts';
import type { AppContext } from '../app/context.ts';
import { createLineAccount, pointSandboxAccountsAt } from '../admin/line-accounts.ts';
import { getSetting } from '../admin/settings.ts';
import { assignAccountToDraft } from '../campaigns/repo.ts';
import { StateDirLockedError, startEmulator, type RunningEmulator } from '../emulator/index.ts';

/** Where the sandbox emulator keeps its memory inside the data directory. */
export const sandboxStateDir = (dataDir: string) => path.join(dataDir, 'emulator');

/**
 * The demo's sandbox LINE account: an in-process LINE emulator, and one LINE account pointed at it, so a
 * newcomer can launch a campaign within a minute of `npm start` without a real channel. Nothing leaves the machine.
 * Its memory (retry keys, what each user received, usage) lives in the data directory, so after a crash and
 * restart it still answers a retried request with 409 instead of delivering it twice, as LINE would.
 */
// The emulator knows the sandbox account's channel, so verify matches it and the account can switch to stateless tokens.
const SANDBOX_CHANNEL = { channelId: '2000000000', channelSecret: 'sandbox-channel-secret' };

export async function startSandbox(port: number, dataDir: string): Promise<RunningEmulator> {
  let stateDir: string | undefined = sandboxStateDir(dataDir);
  for (;;) {
    try {
      return await startEmulator({ port, host: '127.0.0.1', ...SANDBOX_CHANNEL, ...(stateDir ? { stateDir } : {}) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) port = 0;
      else if (e instanceof StateDirLockedError && stateDir) {
        // Another live Linecast process on this data directory (API servers sharing one with PostgreSQL): its
        // sandbox owns the state; this one keeps its own in memory rather than refusing to start.
        console.warn(`${e.message}; this process's sandbox LINE emulator keeps its state in memory`);
        stateDir = undefined;
      } else throw e;
    }
  }
}

/**
 * Creates the sandbox account once (assigned to the demo workspace, named in the demo's language, the sender of the
 * demo's sample campaign), and points it at this run's emulator.
 */
export async function attachSandboxAccount(
  ctx: AppContext,
  emulatorUrl: string,
  workspaceId: string | null,
  name = 'Sandbox (LINE emulator)',
): Promise<void> {
  const { db, box } = ctx;
  await db.tx(async (q) => {
    // one sandbox account however many API servers start at once
    await advisoryXactLock(q, LOCKS.firstStart);
    if ((await pointSandboxAccountsAt(q, emulatorUrl)) > 0 || !workspaceId) return;
    const account = await createLineAccount(q, box, {
      name,
      ...SANDBOX_CHANNEL,
      channelAccessToken: 'sandbox-channel-access-token',
      apiBaseUrl: emulatorUrl,
      pushPerSecond: 2000,
      multicastPerSecond: 200,
      workspaceIds: [workspaceId],
      isSandbox: true,
      // points at the in-process emulator (a new port each start), so it may not be held to LINE's hosts
      isEmulator: true,
    });
    const demoCampaign = await getSetting(q, 'demo_campaign');
    if (typeof demoCampaign === 'string') await assignAccountToDraft(q, demoCampaign, account.id);
  });
}
