import { useState } from 'react';
import { Alert, Button, Center, Group, Modal, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN } from '../../../src/schemas/auth.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { passwordProblem } from './passwordRule.ts';
import { useSession } from './session.tsx';

/** Current password, new password twice; the same rules as the server (checked as you type, and again there). */
function PasswordForm({
  submitLabel,
  onDone,
  onCancel,
  cancelLabel,
}: {
  submitLabel: string;
  onDone(): void;
  onCancel?: () => void;
  cancelLabel?: string;
}) {
  const { changePassword } = useSession();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rule = passwordProblem(t, next);
  const nextError = rule ?? (next && next === current ? t('password.sameAsCurrent') : undefined);
  const againError = again && again !== next ? t('password.mismatch') : undefined;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (nextError || againError) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack component="form" onSubmit={submit}>
      <PasswordInput
        label={t('password.current')}
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.currentTarget.value)}
        required
      />
      <PasswordInput
        label={t('password.new')}
        autoComplete="new-password"
        description={t('password.minLength', { min: PASSWORD_MIN })}
        value={next}
        onChange={(e) => setNext(e.currentTarget.value)}
        error={nextError}
        required
      />
      <PasswordInput
        label={t('password.again')}
        autoComplete="new-password"
        value={again}
        onChange={(e) => setAgain(e.currentTarget.value)}
        error={againError}
        required
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {cancelLabel ?? t('common.cancel')}
          </Button>
        )}
        <Button type="submit" loading={busy} disabled={!current || !next || !again || !!nextError || !!againError}>
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/** Shown instead of the app after signing in with a password someone else chose (first start, an admin's reset). */
export function ChooseNewPassword() {
  const { me, signOut } = useSession();
  const { t } = useTranslation();
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={440}>
        <Stack>
          <Title order={2}>{t('password.chooseTitle')}</Title>
          <Text size="sm" c="dimmed">
            {t('password.chooseHelp', { email: me?.user.email ?? '' })}
          </Text>
          <PasswordForm
            submitLabel={t('password.saveAndContinue')}
            onDone={() => undefined}
            onCancel={() => void signOut()}
            cancelLabel={t('nav.signOut')}
          />
        </Stack>
      </Paper>
    </Center>
  );
}

/** "Change password" from the header. */
export function ChangePasswordDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const close = () => {
    setSaved(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('nav.changePassword')}>
      {saved ? (
        <Stack>
          <Text size="sm">{t('password.changed')}</Text>
          <Group justify="flex-end">
            <Button onClick={close}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <PasswordForm submitLabel={t('nav.changePassword')} onDone={() => setSaved(true)} onCancel={close} />
      )}
    </Modal>
  );
}
