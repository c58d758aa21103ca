import { useState } from 'react';
import { Alert, Button, Center, Group, Modal, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { NewPassword } from '../../../src/schemas/auth.ts';
import { errorMessage } from '../api/client.ts';
import { useSession } from './session.tsx';

/** Current password, new password twice; the same rules as the server (checked as you type, and again there). */
function PasswordForm({ submitLabel, onDone, onCancel, cancelLabel = 'Cancel' }: { submitLabel: string; onDone(): void; onCancel?: () => void; cancelLabel?: string }) {
  const { changePassword } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rule = next ? NewPassword.safeParse(next) : null;
  const nextError = rule && !rule.success ? `The new password ${rule.error.issues[0]!.message}` : next && next === current ? 'The new password must differ from the current one' : undefined;
  const againError = again && again !== next ? 'The two new passwords differ' : undefined;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (nextError || againError) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack component="form" onSubmit={submit}>
      <PasswordInput label="Current password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required />
      <PasswordInput label="New password" autoComplete="new-password" description="At least 12 characters" value={next} onChange={(e) => setNext(e.currentTarget.value)} error={nextError} required />
      <PasswordInput label="New password again" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={againError} required />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {cancelLabel}
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
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={440}>
        <Stack>
          <Title order={2}>Choose your password</Title>
          <Text size="sm" c="dimmed">
            You signed in as {me?.user.email} with a one-time password. Choose a password of your own to continue.
          </Text>
          <PasswordForm submitLabel="Save and continue" onDone={() => undefined} onCancel={() => void signOut()} cancelLabel="Sign out" />
        </Stack>
      </Paper>
    </Center>
  );
}

/** "Change password" from the header. */
export function ChangePasswordDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const [saved, setSaved] = useState(false);
  const close = () => {
    setSaved(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Change password">
      {saved ? (
        <Stack>
          <Text size="sm">Your password is changed. Your other sessions (other browsers) were signed out.</Text>
          <Group justify="flex-end">
            <Button onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <PasswordForm submitLabel="Change password" onDone={() => setSaved(true)} onCancel={close} />
      )}
    </Modal>
  );
}
