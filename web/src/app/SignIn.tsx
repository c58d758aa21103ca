import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api/client.ts';
import { preferredWorkspace, useSession } from './session.tsx';

/** Email and password; the server answers with an HttpOnly session cookie (no key or token is kept by the page). */
export function SignIn() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(email.trim(), password);
      setPassword('');
      if (!me.passwordMustChange) {
        const ws = preferredWorkspace(me);
        navigate(ws ? `/w/${ws}/campaigns` : '/settings/workspaces', { replace: true });
      }
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'The email or the password is wrong.' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={420} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>Sign in to Linecast</Title>
          <TextInput label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoFocus />
          <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          <Text size="xs" c="dimmed">
            On first start the server prints the admin&apos;s email and a one-time password. Forgot yours? Ask an admin to reset it.
          </Text>
          {error && (
            <Alert color="red" title="Could not sign in" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!email.trim() || !password}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
