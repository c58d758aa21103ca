import type { Config } from '../config.ts';
import { openDb } from '../db/open.ts';
import { setPassword } from '../admin/credentials.ts';
import { userByEmail } from '../admin/users.ts';
import { generatePassword } from '../security/passwords.ts';

/**
 * `linecast reset-password <email>`: for whoever runs the server and lost the admin's password (or never saw the
 * first-start message). Prints a new one-time password; the user's sessions end and the next sign-in asks for a
 * password of their own. Returns the exit code.
 */
export async function resetPasswordCli(config: Config, email: string): Promise<number> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const user = await userByEmail(db, email.trim().toLowerCase());
    if (!user) {
      console.error(`No user has the email ${email}`);
      return 1;
    }
    const password = generatePassword();
    await setPassword(db, user.id, password, { mustChange: true });
    console.log(
      `New one-time password for ${user.email}: ${password}\nSign in with it; you then choose your own. Every session of this user has ended.`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
