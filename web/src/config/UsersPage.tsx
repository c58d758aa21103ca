import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UserInput } from '../../../src/schemas/admin.ts';
import { NewPassword } from '../../../src/schemas/auth.ts';
import { del, errorMessage, getAll, patch, post, put } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { ApiKeyCreatedRow, ApiKeyRow, User, Workspace } from '../api/types.ts';
import { fieldErrors } from './forms.ts';
import { useSession } from '../app/session.tsx';

type Membership = User['memberships'][number];
const ROLES = ['admin', 'marketer', 'viewer'];

function Memberships({ value, onChange, workspaces }: { value: Membership[]; onChange(m: Membership[]): void; workspaces: Workspace[] }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Workspace roles
      </Text>
      {workspaces.map((w) => {
        const m = value.find((x) => x.workspaceId === w.id);
        return (
          <Group key={w.id} grow>
            <Text size="sm">{w.name}</Text>
            <Select
              aria-label={`Role in ${w.name}`}
              data={[{ value: '', label: 'no access' }, ...ROLES.map((r) => ({ value: r, label: r }))]}
              value={m?.role ?? ''}
              onChange={(r) => onChange(r ? [...value.filter((x) => x.workspaceId !== w.id), { workspaceId: w.id, role: r as Membership['role'] }] : value.filter((x) => x.workspaceId !== w.id))}
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
  const { me } = useSession();
  const users = useQuery({ queryKey: qk.users, queryFn: () => getAll<User>('/api/v1/users') });
  const keys = useQuery({ queryKey: qk.apiKeys, queryFn: () => getAll<ApiKeyRow>('/api/v1/api-keys') });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: () => getAll<Workspace>('/api/v1/workspaces') });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form, setForm] = useState({ email: '', name: '', isAdmin: false, memberships: [] as Membership[], password: '' });
  const [resetting, setResetting] = useState<User | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const passwordRule = (p: string) => {
    const r = p ? NewPassword.safeParse(p) : null;
    return r && !r.success ? `The password ${r.error.issues[0]!.message}` : undefined;
  };
  const [created, setCreated] = useState<ApiKeyCreatedRow | null>(null);
  const errs = editing === 'new' ? fieldErrors(UserInput.safeParse(form)) : {};
  const save = useMutation({
    mutationFn: async () => {
      if (editing !== 'new') return patch(`/api/v1/users/${(editing as User).id}`, { name: form.name, isAdmin: form.isAdmin, memberships: form.memberships });
      const { password, ...user } = form;
      const created = await post<User>('/api/v1/users', user);
      // A first password chosen by the admin: the user replaces it at their first sign-in.
      if (password) await put(`/api/v1/users/${created.id}/password`, { newPassword: password });
      return created;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.users });
      setEditing(null);
    },
  });
  const newKey = useMutation({
    mutationFn: (u: User) => post<ApiKeyCreatedRow>('/api/v1/api-keys', { userId: u.id, name: `key for ${u.email}` }),
    onSuccess: (k) => {
      setCreated(k);
      void qc.invalidateQueries({ queryKey: qk.apiKeys });
    },
  });
  const resetPassword = useMutation({
    mutationFn: () => put(`/api/v1/users/${resetting!.id}/password`, { newPassword }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.users });
      setResetting(null);
      setNewPassword('');
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => del(`/api/v1/api-keys/${id}`), onSuccess: () => void qc.invalidateQueries({ queryKey: qk.apiKeys }) });
  const email = (id: string) => users.data?.find((u) => u.id === id)?.email ?? id.slice(0, 8);
  const open = (u: User | 'new') => {
    setForm(u === 'new' ? { email: '', name: '', isAdmin: false, memberships: [], password: '' } : { email: u.email, name: u.name, isAdmin: u.isAdmin, memberships: u.memberships, password: '' });
    setEditing(u);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users &amp; API keys</Title>
        <Button onClick={() => open('new')}>+ New user</Button>
      </Group>
      {(users.error || newKey.error || revoke.error) && <Alert color="red">{errorMessage(users.error ?? newKey.error ?? revoke.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>User</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users.data ?? []).map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {u.email} {u.isAdmin && <Badge size="xs">admin</Badge>}{' '}
                {!u.hasPassword && (
                  <Badge size="xs" color="gray" variant="outline" title="This user cannot sign in until an admin sets a password">
                    no password
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {u.name}
                </Text>
              </Table.Td>
              <Table.Td fz="sm">{u.memberships.map((m) => `${workspaces.data?.find((w) => w.id === m.workspaceId)?.name ?? '?'}: ${m.role}`).join(', ') || '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  <Button size="compact-xs" variant="default" onClick={() => open(u)}>
                    Edit
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
                      Set password
                    </Button>
                  )}
                  <Button size="compact-xs" variant="light" onClick={() => newKey.mutate(u)}>
                    New API key
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>API keys</Title>
      <Table>
        <Table.Tbody>
          {(keys.data ?? []).map((k) => (
            <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
              <Table.Td ff="monospace">{k.prefix}…</Table.Td>
              <Table.Td>{email(k.userId)}</Table.Td>
              <Table.Td fz="xs">{k.lastUsedAt ? `used ${new Date(k.lastUsedAt).toLocaleString()}` : 'never used'}</Table.Td>
              <Table.Td>
                {k.revokedAt ? (
                  'revoked'
                ) : (
                  <Button size="compact-xs" color="red" variant="subtle" onClick={() => window.confirm('Revoke this key? Programs using it stop working.') && revoke.mutate(k.id)}>
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New user' : 'Edit user'}>
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!Object.keys(errs).length && !passwordRule(form.password)) save.mutate();
          }}
        >
          <TextInput label="Email" value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} disabled={editing !== 'new'} error={form.email ? errs.email : undefined} />
          <TextInput label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          {editing === 'new' && (
            <PasswordInput
              label="First password (optional)"
              description="At least 12 characters; the user chooses their own at the first sign-in. You can also set it later."
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              error={passwordRule(form.password)}
            />
          )}
          <Checkbox label="Administrator (all workspaces and configurations)" checked={form.isAdmin} onChange={(e) => setForm({ ...form, isAdmin: e.currentTarget.checked })} />
          <Memberships value={form.memberships} onChange={(memberships) => setForm({ ...form, memberships })} workspaces={workspaces.data ?? []} />
          {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!resetting} onClose={() => setResetting(null)} title={`Set a password for ${resetting?.email ?? ''}`}>
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!passwordRule(newPassword)) resetPassword.mutate();
          }}
        >
          <Text size="sm">
            Tell the user this password. It works once: at their next sign-in they choose their own. They are signed out everywhere now.
          </Text>
          <PasswordInput label="New password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} error={passwordRule(newPassword)} required />
          {resetPassword.error && <Alert color="red">{errorMessage(resetPassword.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={resetPassword.isPending} disabled={!newPassword || !!passwordRule(newPassword)}>
              Set password
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!created} onClose={() => setCreated(null)} title="New API key">
        <Stack>
          <Text size="sm">Copy it now: it is shown only once. API keys are for scripts and automation (Authorization: Bearer); people sign in with their email and password.</Text>
          <Code block data-testid="new-api-key">
            {created?.key}
          </Code>
          <CopyButton value={created?.key ?? ''}>{({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
        </Stack>
      </Modal>
    </Stack>
  );
}
