import { useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { parentSegmentsApi } from '../api/parent-segments.ts';
import { workspacesApi } from '../api/workspaces.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { makeFormat } from '../i18n/format.ts';
import { qk } from '../api/keys.ts';
import type { ParentSegment } from '../api/types.ts';
import { ImportDialog } from './ImportDialog.tsx';

function Profiles({ segment }: { segment: ParentSegment }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const profiles = useQuery({ queryKey: ['admin', 'profiles', segment.id], queryFn: () => parentSegmentsApi.profiles(segment.id, 20) });
  if (profiles.error) return <Alert color="red">{errorText(profiles.error)}</Alert>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('parentSegments.key')}</Table.Th>
            <Table.Th>{t('testSend.lineUserId')}</Table.Th>
            <Table.Th>{t('parentSegments.follow')}</Table.Th>
            <Table.Th>{t('parentSegments.attributes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(profiles.data?.items ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.customerKey}</Table.Td>
              <Table.Td ff="monospace">{p.lineUserId ?? '—'}</Table.Td>
              <Table.Td>{t(`followStatus.${p.followStatus}`, { defaultValue: p.followStatus })}</Table.Td>
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
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const n = makeFormat(i18n.language, 'UTC').number;
  const list = useQuery({ queryKey: qk.parentSegments, queryFn: parentSegmentsApi.list });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: workspacesApi.list });
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
  const create = useMutation({
    mutationFn: () => parentSegmentsApi.create({ name, workspaceIds: wsIds }),
    onSuccess: () => (refresh(), setCreating(false)),
  });
  const assign = useMutation({
    mutationFn: () => parentSegmentsApi.setWorkspaces(assigning!.id, { workspaceIds: wsIds }),
    onSuccess: () => (refresh(), setAssigning(null)),
  });
  const remove = useMutation({ mutationFn: parentSegmentsApi.remove, onSuccess: refresh });
  const wsData = (workspaces.data ?? []).map((w) => ({ value: w.id, label: w.name }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.parentSegments')}</Title>
        <Button
          onClick={() => {
            setName('');
            setWsIds([]);
            setCreating(true);
          }}
        >
          {t('parentSegments.new')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('parentSegments.intro')}
      </Text>
      {(list.error || remove.error) && <Alert color="red">{errorText(list.error ?? remove.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('parentSegments.profiles')}</Table.Th>
            <Table.Th>{t('reach.withLineUserId')}</Table.Th>
            <Table.Th>{t('common.workspaces')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{n(p.profileCount)}</Table.Td>
              <Table.Td>{n(p.withLineUserIdCount)}</Table.Td>
              <Table.Td fz="sm">
                {p.workspaceIds.map((id) => workspaces.data?.find((w) => w.id === id)?.name ?? '?').join(', ') || '—'}
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="compact-xs" variant="light" onClick={() => setImporting(p)}>
                    {t('import.start')}
                  </Button>
                  <Button size="compact-xs" variant="default" onClick={() => setViewing(viewing === p.id ? null : p.id)}>
                    {t('parentSegments.profiles')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => {
                      setWsIds(p.workspaceIds);
                      setAssigning(p);
                    }}
                  >
                    {t('common.workspaces')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => window.confirm(t('parentSegments.confirmDelete', { name: p.name })) && remove.mutate(p.id)}
                  >
                    {t('common.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {viewing && list.data?.find((p) => p.id === viewing) && <Profiles segment={list.data.find((p) => p.id === viewing)!} />}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('parentSegments.newTitle')}>
        <Stack>
          <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <MultiSelect label={t('common.workspaces')} data={wsData} value={wsIds} onChange={setWsIds} />
          {create.error && <Alert color="red">{errorText(create.error)}</Alert>}
          <Button onClick={() => create.mutate()} disabled={!name.trim()} loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Stack>
      </Modal>
      <Modal
        opened={!!assigning}
        onClose={() => setAssigning(null)}
        title={t('parentSegments.workspacesFor', { name: assigning?.name ?? '' })}
      >
        <Stack>
          <MultiSelect label={t('common.workspaces')} data={wsData} value={wsIds} onChange={setWsIds} />
          {assign.error && <Alert color="red">{errorText(assign.error)}</Alert>}
          <Button onClick={() => assign.mutate()} loading={assign.isPending}>
            {t('common.save')}
          </Button>
        </Stack>
      </Modal>
      <ImportDialog segment={importing} onClose={() => setImporting(null)} />
    </Stack>
  );
}
