import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, MultiSelect, NumberInput, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LineAccountInput } from '../../../src/schemas/admin.ts';
import { useTranslation } from 'react-i18next';
import { del, getAll, patch, post, put } from '../api/client.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { qk } from '../api/keys.ts';
import type { LineAccount, Workspace } from '../api/types.ts';
import { fieldErrors } from './forms.ts';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'rotate' | 'assign'; account: LineAccount } | null;

function AccountForm({ dialog, workspaces, onDone }: { dialog: NonNullable<Dialog>; workspaces: Workspace[]; onDone(): void }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const a = dialog.kind === 'create' ? null : dialog.account;
  const [f, setF] = useState({
    name: a?.name ?? '',
    channelId: a?.channelId ?? '',
    channelSecret: '',
    channelAccessToken: '',
    apiBaseUrl: a?.apiBaseUrl ?? 'https://api.line.me',
    pushPerSecond: a?.pushPerSecond ?? 2000,
    multicastPerSecond: a?.multicastPerSecond ?? 200,
    workspaceIds: a?.workspaceIds ?? [],
  });
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF({ ...f, [k]: v });
  const payload =
    dialog.kind === 'create'
      ? f
      : dialog.kind === 'rotate'
        ? { ...(f.channelAccessToken ? { channelAccessToken: f.channelAccessToken } : {}), ...(f.channelSecret ? { channelSecret: f.channelSecret } : {}) }
        : dialog.kind === 'edit'
          ? { name: f.name, apiBaseUrl: f.apiBaseUrl, pushPerSecond: f.pushPerSecond, multicastPerSecond: f.multicastPerSecond }
          : { workspaceIds: f.workspaceIds };
  const schema = dialog.kind === 'create' ? LineAccountInput : LineAccountInput.partial();
  const errs = touched && dialog.kind !== 'assign' ? fieldErrors(schema.safeParse(payload), t) : {};
  const save = useMutation({
    mutationFn: () =>
      dialog.kind === 'create'
        ? post('/api/v1/line-accounts', payload)
        : dialog.kind === 'assign'
          ? put(`/api/v1/line-accounts/${a!.id}/workspaces`, payload)
          : patch(`/api/v1/line-accounts/${a!.id}`, payload),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.lineAccounts });
      void qc.invalidateQueries({ queryKey: ['ws'] });
      notifications.show({ color: 'green', message: t('lineAccounts.saved') });
      onDone();
    },
  });
  const show = (k: string) => dialog.kind === 'create' || (dialog.kind === 'edit' && ['name', 'apiBaseUrl', 'pushPerSecond', 'multicastPerSecond'].includes(k)) || (dialog.kind === 'rotate' && ['channelSecret', 'channelAccessToken'].includes(k)) || (dialog.kind === 'assign' && k === 'workspaceIds');
  return (
    <Stack
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (dialog.kind === 'assign' || schema.safeParse(payload).success) save.mutate();
      }}
    >
      {show('name') && <TextInput label={t('common.name')} value={f.name} onChange={(e) => set('name', e.currentTarget.value)} error={errs.name} />}
      {show('channelId') && <TextInput label={t('lineAccounts.channelId')} description={t('lineAccounts.channelIdHelp')} value={f.channelId} onChange={(e) => set('channelId', e.currentTarget.value)} error={errs.channelId} />}
      {show('channelSecret') && <PasswordInput label={t('lineAccounts.secret')} description={a ? t('lineAccounts.endsIn', { last4: a.channelSecretLast4 }) : t('lineAccounts.secretHelp')} value={f.channelSecret} onChange={(e) => set('channelSecret', e.currentTarget.value)} error={errs.channelSecret} autoComplete="new-password" />}
      {show('channelAccessToken') && <PasswordInput label={t('lineAccounts.token')} description={a ? t('lineAccounts.endsIn', { last4: a.channelAccessTokenLast4 }) : t('lineAccounts.tokenHelp')} value={f.channelAccessToken} onChange={(e) => set('channelAccessToken', e.currentTarget.value)} error={errs.channelAccessToken} autoComplete="new-password" />}
      {show('apiBaseUrl') && <TextInput label={t('lineAccounts.baseUrl')} description={t('lineAccounts.baseUrlHelp')} value={f.apiBaseUrl} onChange={(e) => set('apiBaseUrl', e.currentTarget.value)} error={errs.apiBaseUrl} />}
      {show('pushPerSecond') && (
        <Group grow>
          <NumberInput label={t('lineAccounts.pushRate')} min={1} max={10000} value={f.pushPerSecond} onChange={(v) => typeof v === 'number' && set('pushPerSecond', v)} error={errs.pushPerSecond} />
          <NumberInput label={t('lineAccounts.multicastRate')} min={1} max={1000} value={f.multicastPerSecond} onChange={(v) => typeof v === 'number' && set('multicastPerSecond', v)} error={errs.multicastPerSecond} />
        </Group>
      )}
      {show('workspaceIds') && (
        <MultiSelect label={t('lineAccounts.workspaces')} data={workspaces.map((w) => ({ value: w.id, label: w.name }))} value={f.workspaceIds} onChange={(v) => set('workspaceIds', v)} searchable />
      )}
      {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function LineAccountsPage() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const accounts = useQuery({ queryKey: qk.lineAccounts, queryFn: () => getAll<LineAccount>('/api/v1/line-accounts') });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: () => getAll<Workspace>('/api/v1/workspaces') });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [verified, setVerified] = useState<Record<string, unknown>>({});
  const verify = useMutation({
    mutationFn: (id: string) => post<unknown>(`/api/v1/line-accounts/${id}/verify`),
    onSuccess: (res, id) => setVerified((v) => ({ ...v, [id]: res })),
    onError: (e, id) => setVerified((v) => ({ ...v, [id]: { ok: false, error: errorText(e) } })),
  });
  const remove = useMutation({ mutationFn: (id: string) => del(`/api/v1/line-accounts/${id}`), onSuccess: () => void qc.invalidateQueries({ queryKey: qk.lineAccounts }) });
  const wsName = (id: string) => workspaces.data?.find((w) => w.id === id)?.name ?? id.slice(0, 8);
  const titles = { create: t('lineAccounts.add'), edit: t('lineAccounts.edit'), rotate: t('lineAccounts.rotate'), assign: t('lineAccounts.assign') };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.lineAccounts')}</Title>
        <Button onClick={() => setDialog({ kind: 'create' })}>{t('lineAccounts.addButton')}</Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('lineAccounts.intro')}
      </Text>
      {accounts.error && <Alert color="red">{errorText(accounts.error)}</Alert>}
      <Table.ScrollContainer minWidth={800}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('lineAccounts.channel')}</Table.Th>
              <Table.Th>{t('lineAccounts.secrets')}</Table.Th>
              <Table.Th>{t('lineAccounts.rateLimits')}</Table.Th>
              <Table.Th>{t('common.workspaces')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(accounts.data ?? []).map((a) => {
              const v = verified[a.id] as { ok?: boolean; error?: string } | undefined;
              return (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    {a.name} {a.isSandbox && <Badge size="xs">{t('lineAccounts.sandbox')}</Badge>}
                    <Text size="xs" c="dimmed">
                      {a.apiBaseUrl}
                    </Text>
                    {v && (
                      <Text size="xs" c={v.ok === false || v.error ? 'red' : 'green'} data-testid="verify-result">
                        {v.error ?? (v.ok === false ? t('lineAccounts.verifyFailed') : t('lineAccounts.verified'))} <Code fz={10}>{JSON.stringify(v).slice(0, 200)}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.channelId}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {t('lineAccounts.secretLast4', { last4: a.channelSecretLast4 })}
                    <br />
                    {t('lineAccounts.tokenLast4', { last4: a.channelAccessTokenLast4 })}
                  </Table.Td>
                  <Table.Td fz="sm">
                    {t('lineAccounts.pushPer', { n: a.pushPerSecond })}
                    <br />
                    {t('lineAccounts.multicastPer', { n: a.multicastPerSecond })}
                  </Table.Td>
                  <Table.Td fz="sm">{a.workspaceIds.map(wsName).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="light" loading={verify.isPending && verify.variables === a.id} onClick={() => verify.mutate(a.id)}>
                        {t('lineAccounts.verify')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'edit', account: a })}>
                        {t('common.edit')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'rotate', account: a })}>
                        {t('lineAccounts.rotateButton')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'assign', account: a })}>
                        {t('common.workspaces')}
                      </Button>
                      <Button size="compact-xs" color="red" variant="subtle" onClick={() => window.confirm(t('common.confirmDelete', { name: a.name })) && remove.mutate(a.id)}>
                        {t('common.delete')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {remove.error && <Alert color="red">{errorText(remove.error)}</Alert>}
      <Modal opened={!!dialog} onClose={() => setDialog(null)} title={dialog ? titles[dialog.kind] : ''}>
        {dialog && <AccountForm key={dialog.kind + ('account' in dialog ? dialog.account.id : '')} dialog={dialog} workspaces={workspaces.data ?? []} onDone={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}
