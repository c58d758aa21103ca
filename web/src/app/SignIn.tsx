import { useState } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { MeResponse } from '../api/types.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { preferredWorkspace, useSession } from './session.tsx';

export function SignIn() {
  const { signIn } = useSession();
  const { t } = useTranslation();
  const errorText = useErrorText();
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
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={420} component="form" onSubmit={submit}>
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Title order={2}>{t('signIn.title')}</Title>
            <LanguageSwitcher />
          </Group>
          <Text size="sm" c="dimmed">
            {t('signIn.help')}
          </Text>
          <PasswordInput label={t('signIn.apiKey')} value={key} onChange={(e) => setKey(e.currentTarget.value)} required autoFocus data-testid="api-key" />
          {error && (
            <Alert color="red" title={t('signIn.failed')}>
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!key.trim()}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
