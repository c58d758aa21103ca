import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { WorkspaceInput } from '../../../src/schemas/admin.ts';
import { workspacesApi } from '../api/workspaces.ts';
import { qk } from '../api/keys.ts';
import type { Workspace } from '../api/types.ts';
import { fieldErrors } from './forms.ts';
import { makeFormat } from '../i18n/format.ts';
import { useErrorText } from '../i18n/useErrorText.ts';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const allZones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Tokyo', 'Asia/Bangkok', 'Asia/Taipei'];
  }
};

export function WorkspacesPage() {
  const qc = useQueryClient();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const list = useQuery({ queryKey: qk.workspaces, queryFn: workspacesApi.list });
  const [editing, setEditing] = useState<Workspace | 'new' | null>(null);
  // A new workspace starts in this browser's zone: schedules, reports and exports use it.
  const [form, setForm] = useState({ name: '', description: '', timeZone: browserZone });
  const errs = fieldErrors(WorkspaceInput.safeParse(form), t);
  const f = useMemo(() => makeFormat(i18n.language, 'UTC'), [i18n.language]);
  const zones = useMemo(() => allZones().map((z) => ({ value: z, label: f.zoneName(z) })), [f]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: qk.workspaces });
    void qc.invalidateQueries({ queryKey: qk.me });
  };
  const save = useMutation({
    mutationFn: () => (editing === 'new' ? workspacesApi.create(form) : workspacesApi.update((editing as Workspace).id, form)),
    onSuccess: () => {
      refresh();
      setEditing(null);
    },
  });
  const remove = useMutation({ mutationFn: workspacesApi.remove, onSuccess: refresh });
  const open = (w: Workspace | 'new') => {
    setForm(
      w === 'new'
        ? { name: '', description: '', timeZone: browserZone }
        : { name: w.name, description: w.description, timeZone: w.timeZone ?? browserZone },
    );
    setEditing(w);
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.workspaces')}</Title>
        <Button onClick={() => open('new')}>{t('workspaces.new')}</Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('workspaces.intro')}
      </Text>
      {(list.error || remove.error) && <Alert color="red">{errorText(list.error ?? remove.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('common.description')}</Table.Th>
            <Table.Th>{t('workspaces.timeZone')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>{w.name}</Table.Td>
              <Table.Td>{w.description}</Table.Td>
              <Table.Td fz="sm">{w.timeZone ? f.zoneName(w.timeZone) : t('workspaces.noTimeZone')}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  <Button size="compact-xs" variant="default" onClick={() => open(w)}>
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => window.confirm(t('workspaces.confirmDelete', { name: w.name })) && remove.mutate(w.id)}
                  >
                    {t('common.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('workspaces.newTitle') : t('workspaces.editTitle')}
      >
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!errs.name) save.mutate();
          }}
        >
          <TextInput
            label={t('common.name')}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={form.name ? errs.name : undefined}
            data-autofocus
          />
          <Textarea
            label={t('common.description')}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
          />
          <Select
            label={t('workspaces.timeZone')}
            description={t('workspaces.timeZoneHelp')}
            data={zones}
            value={form.timeZone}
            onChange={(z) => z && setForm({ ...form, timeZone: z })}
            searchable
            allowDeselect={false}
            error={errs.timeZone}
          />
          {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!!errs.name}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
