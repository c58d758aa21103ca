import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../api/client.ts';
import type { MeResponse } from '../api/types.ts';
import { preferredWorkspace, useSession } from './session.tsx';

export function SignIn() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<MeResponse>('GET', '/api/v1/me', { key: key.trim() });
      signIn(key.trim(), me);
      const ws = preferredWorkspace(me);
      navigate(ws ? `/w/${ws}/campaigns` : '/settings/workspaces', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={420} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>Sign in to Linecast</Title>
          <Text size="sm" c="dimmed">
            Paste an API key. On first start the server prints the admin key (or uses LINECAST_ADMIN_KEY); admins create keys for others
            under Configurations → Users &amp; API keys.
          </Text>
          <PasswordInput label="API key" value={key} onChange={(e) => setKey(e.currentTarget.value)} required autoFocus data-testid="api-key" />
          {error && (
            <Alert color="red" title="Could not sign in">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!key.trim()}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
