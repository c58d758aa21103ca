import { useState } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { preferredWorkspace, useSession } from './session.tsx';

/** Email and password; the server answers with an HttpOnly session cookie (no key or token is kept by the page). */
export function SignIn() {
  const { signIn } = useSession();
  const { t } = useTranslation();
  const errorText = useErrorText();
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
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.wrongCredentials') : errorText(err));
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
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            required
            autoFocus
          />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
          />
          <Text size="xs" c="dimmed">
            {t('signIn.help')}
          </Text>
          {error && (
            <Alert color="red" title={t('signIn.failed')} role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!email.trim() || !password}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
