import { useState } from 'react';
import { Alert, Anchor, Button, Group, SegmentedControl, Switch, Table, Text, TextInput, Title, Loader } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorMessage, get, type Page } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { Campaign } from '../api/types.ts';
import { useWorkspace } from '../app/session.tsx';
import { NewCampaignDialog } from './NewCampaignDialog.tsx';
import { StateBadge } from './StateBadge.tsx';

const STATES = ['All', 'Draft', 'Planned', 'Active', 'Finished', 'Suspended'];

function when(s: string | null): string {
  return s ? new Date(s).toLocaleString() : '—';
}

export function CampaignList() {
  const { ws, workspace, canEdit } = useWorkspace();
  const [state, setState] = useState('All');
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, { open, close }] = useDisclosure(false);

  const list = useInfiniteQuery({
    queryKey: [...qk.campaigns(ws), { state, q, archived }],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: '50', archived: archived ? 'all' : 'false' });
      if (state !== 'All') p.set('state', state);
      if (q) p.set('q', q);
      if (pageParam) p.set('cursor', pageParam);
      return get<Page<Campaign>>(`/api/v1/workspaces/${ws}/campaigns?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <Group justify="space-between" mb="md">
        <div>
          <Title order={2}>Campaigns</Title>
          <Text c="dimmed" size="sm">
            {workspace?.name}
          </Text>
        </div>
        {canEdit && <Button onClick={open}>+ New campaign</Button>}
      </Group>
      <Group mb="md" wrap="wrap" align="end">
        <SegmentedControl data={STATES} value={state} onChange={setState} aria-label="Filter by state" />
        <TextInput placeholder="Search by name" aria-label="Search campaigns" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
        <Switch label="Show archived" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} />
      </Group>
      {list.error && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isPending ? (
        <Loader />
      ) : rows.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          {q || state !== 'All' ? 'No campaign matches these filters.' : 'No campaigns yet. Create one with “+ New campaign”.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Send mode</Table.Th>
                <Table.Th>Scheduled / launched</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/w/${ws}/campaigns/${c.id}`}>
                      {c.name}
                    </Anchor>
                    {c.archivedAt && (
                      <Text span c="dimmed" size="xs" ml="xs">
                        archived
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={c.state} />
                  </Table.Td>
                  <Table.Td>{c.sendMode}</Table.Td>
                  <Table.Td>{c.launchedAt ? when(c.launchedAt) : c.scheduledAt ? when(c.scheduledAt) : '—'}</Table.Td>
                  <Table.Td>{when(c.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Load more
        </Button>
      )}
      <NewCampaignDialog ws={ws} opened={opened} onClose={close} />
    </>
  );
}
