import { useState } from 'react';
import { Alert, Anchor, Button, Group, SegmentedControl, Switch, Table, Text, TextInput, Title, Loader } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { campaignsApi } from '../api/campaigns.ts';
import { useFormat } from '../i18n/format.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { qk } from '../api/keys.ts';
import { CampaignState } from '../../../src/schemas/campaign.ts';
import { useWorkspace } from '../app/session.tsx';
import { NewCampaignDialog } from './NewCampaignDialog.tsx';
import { StateBadge } from './StateBadge.tsx';

const STATES = ['All', ...CampaignState.options] as const;

export function CampaignList() {
  const { ws, workspace, canEdit } = useWorkspace();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const f = useFormat(workspace?.timeZone);
  const when = (s: string | null) => f.dateTime(s);
  const [state, setState] = useState('All');
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, { open, close }] = useDisclosure(false);

  const list = useInfiniteQuery({
    queryKey: [...qk.campaigns(ws), { state, q, archived }],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      campaignsApi.list(
        ws,
        { limit: 50, archived: archived ? 'all' : 'false', state: CampaignState.safeParse(state).data, q, cursor: pageParam },
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <Group justify="space-between" mb="md">
        <div>
          <Title order={2}>{t('campaigns.title')}</Title>
          <Text c="dimmed" size="sm">
            {workspace?.name}
          </Text>
        </div>
        {canEdit && <Button onClick={open}>{t('campaigns.new')}</Button>}
      </Group>
      <Group mb="md" wrap="wrap" align="end">
        <SegmentedControl
          data={STATES.map((s) => ({ value: s, label: s === 'All' ? t('campaigns.all') : t(`states.${s}`) }))}
          value={state}
          onChange={setState}
          aria-label={t('campaigns.filterByState')}
        />
        <TextInput
          placeholder={t('campaigns.searchPlaceholder')}
          aria-label={t('campaigns.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={240}
        />
        <Switch label={t('campaigns.showArchived')} checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} />
      </Group>
      {list.error && <Alert color="red">{errorText(list.error)}</Alert>}
      {list.isPending ? (
        <Loader />
      ) : rows.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          {q || state !== 'All' ? t('campaigns.noMatch') : t('campaigns.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('common.name')}</Table.Th>
                <Table.Th>{t('campaigns.state')}</Table.Th>
                <Table.Th>{t('campaigns.sendMode')}</Table.Th>
                <Table.Th>{t('campaigns.scheduledOrLaunched')}</Table.Th>
                <Table.Th>{t('campaigns.updated')}</Table.Th>
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
                        {t('campaigns.archived')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={c.state} />
                  </Table.Td>
                  <Table.Td>{t(`sendModes.${c.sendMode}`)}</Table.Td>
                  <Table.Td>{when(c.launchedAt ?? c.scheduledAt)}</Table.Td>
                  <Table.Td>{when(c.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <NewCampaignDialog ws={ws} opened={opened} onClose={close} />
    </>
  );
}
