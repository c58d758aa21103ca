import { advisoryXactLock, LOCKS } from '../db/locks.ts';
import type { AppContext } from '../http/context.ts';
import { createLineAccount } from '../admin/line-accounts.ts';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';

/**
 * The demo's sandbox LINE account: an in-process LINE emulator, and one LINE account pointed at it, so a
 * newcomer can launch a campaign within a minute of `npm start` without a real channel. Nothing leaves the machine.
 */
export async function startSandbox(port: number): Promise<RunningEmulator> {
  try {
    return await startEmulator({ port, host: '127.0.0.1' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    return startEmulator({ port: 0, host: '127.0.0.1' });
  }
}

/** Creates the sandbox account once (assigned to the demo workspace), and points it at this run's emulator. */
export async function attachSandboxAccount(ctx: AppContext, emulatorUrl: string, workspaceId: string | null): Promise<void> {
  const { db, box } = ctx;
  await db.tx(async (q) => {
    // one sandbox account however many API servers start at once
    await advisoryXactLock(q, LOCKS.firstStart);
    const r = await q.query('UPDATE line_accounts SET api_base_url = $1, updated_at = now() WHERE is_sandbox', [emulatorUrl]);
    if (r.rowCount > 0 || !workspaceId) return;
    await createLineAccount(q, box, {
      name: 'Sandbox (LINE emulator)',
      channelId: '2000000000',
      channelSecret: 'sandbox-channel-secret',
      channelAccessToken: 'sandbox-channel-access-token',
      apiBaseUrl: emulatorUrl,
      pushPerSecond: 2000,
      multicastPerSecond: 200,
      workspaceIds: [workspaceId],
      isSandbox: true,
    });
  });
}
