import { useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, errorMessage, get, getAll, post, put, type Page } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { ParentSegment, Profile, Workspace } from '../api/types.ts';
import { ImportDialog } from './ImportDialog.tsx';

function Profiles({ segment }: { segment: ParentSegment }) {
  const profiles = useQuery({ queryKey: ['admin', 'profiles', segment.id], queryFn: () => get<Page<Profile>>(`/api/v1/parent-segments/${segment.id}/profiles?limit=20`) });
  if (profiles.error) return <Alert color="red">{errorMessage(profiles.error)}</Alert>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th>LINE user ID</Table.Th>
            <Table.Th>Follow</Table.Th>
            <Table.Th>Attributes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(profiles.data?.items ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.customerKey}</Table.Td>
              <Table.Td ff="monospace">{p.lineUserId ?? '—'}</Table.Td>
              <Table.Td>{p.followStatus}</Table.Td>
              <Table.Td ff="monospace">{JSON.stringify(p.attributes)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ParentSegmentsPage() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: qk.parentSegments, queryFn: () => getAll<ParentSegment>('/api/v1/parent-segments') });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: () => getAll<Workspace>('/api/v1/workspaces') });
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<ParentSegment | null>(null);
  const [importing, setImporting] = useState<ParentSegment | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [wsIds, setWsIds] = useState<string[]>([]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: qk.parentSegments });
    void qc.invalidateQueries({ queryKey: ['ws'] });
  };
  const create = useMutation({ mutationFn: () => post('/api/v1/parent-segments', { name, workspaceIds: wsIds }), onSuccess: () => (refresh(), setCreating(false)) });
  const assign = useMutation({ mutationFn: () => put(`/api/v1/parent-segments/${assigning!.id}/workspaces`, { workspaceIds: wsIds }), onSuccess: () => (refresh(), setAssigning(null)) });
  const remove = useMutation({ mutationFn: (id: string) => del(`/api/v1/parent-segments/${id}`), onSuccess: refresh });
  const wsData = (workspaces.data ?? []).map((w) => ({ value: w.id, label: w.name }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Parent segments</Title>
        <Button
          onClick={() => {
            setName('');
            setWsIds([]);
            setCreating(true);
          }}
        >
          + New parent segment
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Customer profiles (with their LINE user IDs and attributes). Workspaces build segments on the parent segments assigned to them.
      </Text>
      {(list.error || remove.error) && <Alert color="red">{errorMessage(list.error ?? remove.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Profiles</Table.Th>
            <Table.Th>With LINE user ID</Table.Th>
            <Table.Th>Workspaces</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{p.profileCount.toLocaleString()}</Table.Td>
              <Table.Td>{p.withLineUserIdCount.toLocaleString()}</Table.Td>
              <Table.Td fz="sm">{p.workspaceIds.map((id) => workspaces.data?.find((w) => w.id === id)?.name ?? '?').join(', ') || '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="compact-xs" variant="light" onClick={() => setImporting(p)}>
                    Import
                  </Button>
                  <Button size="compact-xs" variant="default" onClick={() => setViewing(viewing === p.id ? null : p.id)}>
                    Profiles
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => {
                      setWsIds(p.workspaceIds);
                      setAssigning(p);
                    }}
                  >
                    Workspaces
                  </Button>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => window.confirm(`Delete ${p.name} and its profiles?`) && remove.mutate(p.id)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {viewing && list.data?.find((p) => p.id === viewing) && <Profiles segment={list.data.find((p) => p.id === viewing)!} />}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New parent segment">
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <MultiSelect label="Workspaces" data={wsData} value={wsIds} onChange={setWsIds} />
          {create.error && <Alert color="red">{errorMessage(create.error)}</Alert>}
          <Button onClick={() => create.mutate()} disabled={!name.trim()} loading={create.isPending}>
            Create
          </Button>
        </Stack>
      </Modal>
      <Modal opened={!!assigning} onClose={() => setAssigning(null)} title={`Workspaces for ${assigning?.name ?? ''}`}>
        <Stack>
          <MultiSelect label="Workspaces" data={wsData} value={wsIds} onChange={setWsIds} />
          {assign.error && <Alert color="red">{errorMessage(assign.error)}</Alert>}
          <Button onClick={() => assign.mutate()} loading={assign.isPending}>
            Save
          </Button>
        </Stack>
      </Modal>
      <ImportDialog segment={importing} onClose={() => setImporting(null)} />
    </Stack>
  );
}
