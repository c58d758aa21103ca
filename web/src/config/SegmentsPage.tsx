import { useState } from 'react';
import { Alert, Button, Grid, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { segmentsApi } from '../api/segments.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { useRuleReach, useSegments, useWsParentSegments } from '../api/audience.ts';
import { qk } from '../api/keys.ts';
import type { Segment, SegmentRule } from '../api/types.ts';
import { useWorkspace } from '../app/session.tsx';
import { ReachCard } from '../campaigns/ReachCard.tsx';
import { BUILTIN_ATTRIBUTES, RuleBuilder } from './RuleBuilder.tsx';

const empty = (): SegmentRule => ({ type: 'group', op: 'and', children: [] });

function Editor({ ws, segment, onDone }: { ws: string; segment: Segment | null; onDone(): void }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const parents = useWsParentSegments(ws);
  const [name, setName] = useState(segment?.name ?? '');
  const [parentId, setParentId] = useState<string | null>(segment?.parentSegmentId ?? parents.data?.[0]?.id ?? null);
  const [rule, setRule] = useState<SegmentRule>(segment?.rule ?? empty());
  const [debounced] = useDebouncedValue(rule, 400);
  const reach = useRuleReach(ws, parentId, debounced);
  const attributes = [...new Set([...BUILTIN_ATTRIBUTES, ...(reach.data?.sample ?? []).flatMap((p) => Object.keys(p.attributes))])].sort();
  const save = useMutation({
    mutationFn: (parentSegmentId: string) =>
      segment
        ? segmentsApi.update(ws, segment.id, { name, parentSegmentId, rule })
        : segmentsApi.create(ws, { name, parentSegmentId, rule }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.segments(ws) });
      void qc.invalidateQueries({ queryKey: ['ws', ws, 'segments'] });
      onDone();
    },
  });
  return (
    <Stack>
      <Group grow>
        <TextInput label={t('segments.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label={t('segments.parent')}
          data={(parents.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={parentId}
          onChange={setParentId}
          allowDeselect={false}
        />
      </Group>
      <RuleBuilder rule={rule} onChange={setRule} attributes={attributes} />
      <Group gap="xs">
        <Text fw={600} size="sm">
          {t('segments.liveReach')}
        </Text>
        {reach.isFetching && <Loader size="xs" aria-label={t('segments.counting')} />}
      </Group>
      {reach.error && <Alert color="red">{errorText(reach.error)}</Alert>}
      {reach.data && <ReachCard reach={reach.data} />}
      {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => parentId && save.mutate(parentId)} disabled={!name.trim() || !parentId} loading={save.isPending}>
          {t('segments.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function SegmentsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { ws, canEdit } = useWorkspace();
  const qc = useQueryClient();
  const segments = useSegments(ws);
  const parents = useWsParentSegments(ws);
  const [editing, setEditing] = useState<Segment | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => segmentsApi.remove(ws, id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.segments(ws) }),
  });
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: editing ? 4 : 12 }}>
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{t('segments.title')}</Title>
            {canEdit && <Button onClick={() => setEditing('new')}>{t('segments.new')}</Button>}
          </Group>
          {(segments.error || remove.error) && <Alert color="red">{errorText(segments.error ?? remove.error)}</Alert>}
          <Table highlightOnHover>
            <Table.Tbody>
              {(segments.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {s.name}
                    <Text size="xs" c="dimmed">
                      {parents.data?.find((p) => p.id === s.parentSegmentId)?.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <Group gap={4} justify="flex-end">
                        <Button size="compact-xs" variant="default" onClick={() => setEditing(s)}>
                          {t('common.edit')}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => window.confirm(t('common.confirmDelete', { name: s.name })) && remove.mutate(s.id)}
                        >
                          {t('common.delete')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Grid.Col>
      {editing && (
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Editor
            key={editing === 'new' ? 'new' : editing.id}
            ws={ws}
            segment={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        </Grid.Col>
      )}
    </Grid>
  );
}
