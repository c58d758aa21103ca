import type { FirstSignIn } from './bootstrap.ts';

/**
 * What `linecast start` prints on the one start that set up signing in. A generated password is shown here and
 * nowhere else (never in the log), and only works until its first use: the UI then asks for a password of your own.
 * A password or key from the environment is never printed: whoever set it knows it.
 */
export function signInMessage(url: string, s: FirstSignIn, created: boolean): string {
  const lines = [
    '',
    created ? 'First start: created the admin user and the demo workspace.' : 'Signing in with a password is set up for the admin.',
  ];
  if (s.password) {
    lines.push(
      `Open ${url} and sign in with`,
      `  email     ${s.email}`,
      `  password  ${s.password}`,
      'This password is shown only now and works once: right after signing in you choose your own.',
      `(Lost it before using it? Stop the server and run: npx linecast reset-password ${s.email})`,
    );
  } else {
    lines.push(`Open ${url} and sign in as ${s.email} with the password from LINECAST_ADMIN_PASSWORD.`);
  }
  return lines.join('\n') + '\n';
}
