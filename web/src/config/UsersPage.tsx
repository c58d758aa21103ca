import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UserInput } from '../../../src/schemas/admin.ts';
import { PASSWORD_MIN } from '../../../src/schemas/auth.ts';
import { useTranslation } from 'react-i18next';
import { apiKeysApi, usersApi } from '../api/users.ts';
import { workspacesApi } from '../api/workspaces.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { makeFormat } from '../i18n/format.ts';
import { passwordProblem } from '../app/passwordRule.ts';
import { qk } from '../api/keys.ts';
import type { ApiKeyCreatedRow, User, Workspace } from '../api/types.ts';
import { fieldErrors } from './forms.ts';
import { useSession } from '../app/session.tsx';

type Membership = User['memberships'][number];
const ROLES = ['admin', 'marketer', 'viewer'];

function Memberships({ value, onChange, workspaces }: { value: Membership[]; onChange(m: Membership[]): void; workspaces: Workspace[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('users.roles')}
      </Text>
      {workspaces.map((w) => {
        const m = value.find((x) => x.workspaceId === w.id);
        return (
          <Group key={w.id} grow>
            <Text size="sm">{w.name}</Text>
            <Select
              aria-label={t('users.roleIn', { name: w.name })}
              data={[{ value: '', label: t('users.noAccess') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
              value={m?.role ?? ''}
              onChange={(r) =>
                onChange(
                  r
                    ? [...value.filter((x) => x.workspaceId !== w.id), { workspaceId: w.id, role: r as Membership['role'] }]
                    : value.filter((x) => x.workspaceId !== w.id),
                )
              }
              allowDeselect={false}
            />
          </Group>
        );
      })}
    </Stack>
  );
}

export function UsersPage() {
  const qc = useQueryClient();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const f = makeFormat(i18n.language, Intl.DateTimeFormat().resolvedOptions().timeZone);
  const { me } = useSession();
  const users = useQuery({ queryKey: qk.users, queryFn: usersApi.list });
  const keys = useQuery({ queryKey: qk.apiKeys, queryFn: apiKeysApi.list });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: workspacesApi.list });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form, setForm] = useState({ email: '', name: '', isAdmin: false, memberships: [] as Membership[], password: '' });
  const [resetting, setResetting] = useState<User | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const passwordRule = (p: string) => passwordProblem(t, p);
  const [created, setCreated] = useState<ApiKeyCreatedRow | null>(null);
  const errs = editing === 'new' ? fieldErrors(UserInput.safeParse(form), t) : {};
  const save = useMutation({
    mutationFn: async () => {
      if (editing !== 'new')
        return usersApi.update((editing as User).id, { name: form.name, isAdmin: form.isAdmin, memberships: form.memberships });
      const { password, ...user } = form;
      const created = await usersApi.create(user);
      // A first password chosen by the admin: the user replaces it at their first sign-in.
      if (password) await usersApi.setPassword(created.id, { newPassword: password });
      return created;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.users });
      setEditing(null);
    },
  });
  const newKey = useMutation({
    mutationFn: (u: User) => apiKeysApi.create({ userId: u.id, name: t('users.keyName', { email: u.email }) }),
    onSuccess: (k) => {
      setCreated(k);
      void qc.invalidateQueries({ queryKey: qk.apiKeys });
    },
  });
  const resetPassword = useMutation({
    mutationFn: () => usersApi.setPassword(resetting!.id, { newPassword }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.users });
      setResetting(null);
      setNewPassword('');
    },
  });
  const revoke = useMutation({ mutationFn: apiKeysApi.revoke, onSuccess: () => void qc.invalidateQueries({ queryKey: qk.apiKeys }) });
  const email = (id: string) => users.data?.find((u) => u.id === id)?.email ?? id.slice(0, 8);
  const open = (u: User | 'new') => {
    setForm(
      u === 'new'
        ? { email: '', name: '', isAdmin: false, memberships: [], password: '' }
        : { email: u.email, name: u.name, isAdmin: u.isAdmin, memberships: u.memberships, password: '' },
    );
    setEditing(u);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.users')}</Title>
        <Button onClick={() => open('new')}>{t('users.new')}</Button>
      </Group>
      {(users.error || newKey.error || revoke.error) && <Alert color="red">{errorText(users.error ?? newKey.error ?? revoke.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.user')}</Table.Th>
            <Table.Th>{t('users.rolesColumn')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users.data ?? []).map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {u.email} {u.isAdmin && <Badge size="xs">{t('roles.admin')}</Badge>}{' '}
                {!u.hasPassword && (
                  <Badge size="xs" color="gray" variant="outline" title={t('users.noPasswordHint')}>
                    {t('users.noPassword')}
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {u.name}
                </Text>
              </Table.Td>
              <Table.Td fz="sm">
                {u.memberships
                  .map((m) => `${workspaces.data?.find((w) => w.id === m.workspaceId)?.name ?? '?'}: ${t(`roles.${m.role}`)}`)
                  .join(', ') || '—'}
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  <Button size="compact-xs" variant="default" onClick={() => open(u)}>
                    {t('common.edit')}
                  </Button>
                  {/* Your own password changes under "Change password" in the header, with the current one. */}
                  {u.id !== me?.user.id && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => {
                        resetPassword.reset();
                        setNewPassword('');
                        setResetting(u);
                      }}
                    >
                      {t('users.setPassword')}
                    </Button>
                  )}
                  <Button size="compact-xs" variant="light" onClick={() => newKey.mutate(u)}>
                    {t('users.newKey')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>{t('users.apiKeys')}</Title>
      <Table>
        <Table.Tbody>
          {(keys.data ?? []).map((k) => (
            <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
              <Table.Td ff="monospace">{k.prefix}…</Table.Td>
              <Table.Td>{email(k.userId)}</Table.Td>
              <Table.Td fz="xs">{k.lastUsedAt ? t('users.used', { when: f.dateTime(k.lastUsedAt) }) : t('users.neverUsed')}</Table.Td>
              <Table.Td>
                {k.revokedAt ? (
                  t('users.revoked')
                ) : (
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="subtle"
                    onClick={() => window.confirm(t('users.confirmRevoke')) && revoke.mutate(k.id)}
                  >
                    {t('users.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('users.newTitle') : t('users.editTitle')}
      >
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!Object.keys(errs).length && !passwordRule(form.password)) save.mutate();
          }}
        >
          <TextInput
            label={t('users.email')}
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            disabled={editing !== 'new'}
            error={form.email ? errs.email : undefined}
          />
          <TextInput label={t('common.name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          {editing === 'new' && (
            <PasswordInput
              label={t('users.firstPassword')}
              description={t('users.firstPasswordHint', { min: PASSWORD_MIN })}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              error={passwordRule(form.password)}
            />
          )}
          <Checkbox
            label={t('users.administrator')}
            checked={form.isAdmin}
            onChange={(e) => setForm({ ...form, isAdmin: e.currentTarget.checked })}
          />
          <Memberships
            value={form.memberships}
            onChange={(memberships) => setForm({ ...form, memberships })}
            workspaces={workspaces.data ?? []}
          />
          {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!resetting} onClose={() => setResetting(null)} title={t('users.setPasswordTitle', { email: resetting?.email ?? '' })}>
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!passwordRule(newPassword)) resetPassword.mutate();
          }}
        >
          <Text size="sm">{t('users.setPasswordHelp')}</Text>
          <PasswordInput
            label={t('password.new')}
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.currentTarget.value)}
            error={passwordRule(newPassword)}
            required
          />
          {resetPassword.error && <Alert color="red">{errorText(resetPassword.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={resetPassword.isPending} disabled={!newPassword || !!passwordRule(newPassword)}>
              {t('users.setPassword')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!created} onClose={() => setCreated(null)} title={t('users.newKeyTitle')}>
        <Stack>
          <Text size="sm">{t('users.copyNow')}</Text>
          <Code block data-testid="new-api-key">
            {created?.key}
          </Code>
          <CopyButton value={created?.key ?? ''}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? t('users.copied') : t('users.copy')}</Button>}
          </CopyButton>
        </Stack>
      </Modal>
    </Stack>
  );
}
