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

/**
 * Creates the sandbox account once (assigned to the demo workspace, named in the demo's language, the sender of the
 * demo's sample campaign), and points it at this run's emulator.
 */
export async function attachSandboxAccount(ctx: AppContext, emulatorUrl: string, workspaceId: string | null, name = 'Sandbox (LINE emulator)'): Promise<void> {
  const { db, box } = ctx;
  const r = await db.query('UPDATE line_accounts SET api_base_url = $1, updated_at = now() WHERE is_sandbox', [emulatorUrl]);
  if (r.rowCount > 0 || !workspaceId) return;
  await db.tx(async (q) => {
    const account = await createLineAccount(q, box, {
      name,
      channelId: '2000000000',
      channelSecret: 'sandbox-channel-secret',
      channelAccessToken: 'sandbox-channel-access-token',
      apiBaseUrl: emulatorUrl,
      pushPerSecond: 2000,
      multicastPerSecond: 200,
      workspaceIds: [workspaceId],
      isSandbox: true,
    });
    await q.query(
      `UPDATE campaigns SET line_account_id = $1 WHERE line_account_id IS NULL AND state = 'Draft'
         AND id = (SELECT (value #>> '{}')::uuid FROM settings WHERE key = 'demo_campaign')`,
      [account.id],
    );
  });
}
