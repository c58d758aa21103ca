import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WorkspaceInput } from '../../../src/schemas/admin.ts';
import { del, errorMessage, getAll, patch, post } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { Workspace } from '../api/types.ts';
import { fieldErrors } from './forms.ts';

export function WorkspacesPage() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: qk.workspaces, queryFn: () => getAll<Workspace>('/api/v1/workspaces') });
  const [editing, setEditing] = useState<Workspace | 'new' | null>(null);
  const [form, setForm] = useState({ name: '', description: '' });
  const errs = fieldErrors(WorkspaceInput.safeParse(form));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: qk.workspaces });
    void qc.invalidateQueries({ queryKey: qk.me });
  };
  const save = useMutation({
    mutationFn: () => (editing === 'new' ? post('/api/v1/workspaces', form) : patch(`/api/v1/workspaces/${(editing as Workspace).id}`, form)),
    onSuccess: () => {
      refresh();
      setEditing(null);
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => del(`/api/v1/workspaces/${id}`), onSuccess: refresh });
  const open = (w: Workspace | 'new') => {
    setForm(w === 'new' ? { name: '', description: '' } : { name: w.name, description: w.description });
    setEditing(w);
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Workspaces</Title>
        <Button onClick={() => open('new')}>+ New workspace</Button>
      </Group>
      <Text size="sm" c="dimmed">
        Each workspace has its own campaigns and segments; LINE accounts and parent segments are assigned to workspaces.
      </Text>
      {(list.error || remove.error) && <Alert color="red">{errorMessage(list.error ?? remove.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>{w.name}</Table.Td>
              <Table.Td>{w.description}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  <Button size="compact-xs" variant="default" onClick={() => open(w)}>
                    Edit
                  </Button>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => window.confirm(`Delete workspace ${w.name} and its campaigns?`) && remove.mutate(w.id)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New workspace' : 'Edit workspace'}>
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!errs.name) save.mutate();
          }}
        >
          <TextInput label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={form.name ? errs.name : undefined} data-autofocus />
          <Textarea label="Description" value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} />
          {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!!errs.name}>
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
