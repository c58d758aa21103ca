import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  PasswordInput,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EMULATOR_RATE_LIMITS, LINE_RATE_LIMITS, lineAccountIssues, type FieldIssue } from '../../../src/domain/line-hosts.ts';
import { LineAccountInput, LineAccountPatch } from '../../../src/schemas/admin.ts';
import type { ErrorDetail } from '../api/client.ts';
import { lineAccountsApi } from '../api/line-accounts.ts';
import { workspacesApi } from '../api/workspaces.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { qk } from '../api/keys.ts';
import type { LineAccount, LineAccountBody, LineAccountPatchBody, Workspace, WorkspaceIds } from '../api/types.ts';
import { changedFields, fieldErrors } from './forms.ts';
import { accountRuleText, serverFieldErrors } from './lineAccountErrors.ts';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'rotate' | 'assign'; account: LineAccount } | null;
type TokenMode = 'longLived' | 'stateless';

function AccountForm({ dialog, workspaces, onDone }: { dialog: NonNullable<Dialog>; workspaces: Workspace[]; onDone(): void }) {
  const qc = useQueryClient();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const a = dialog.kind === 'create' ? null : dialog.account;
  const [f, setF] = useState({
    name: a?.name ?? '',
    channelId: a?.channelId ?? '',
    channelSecret: '',
    tokenMode: (a?.tokenMode ?? 'longLived') as TokenMode,
    channelAccessToken: '',
    apiBaseUrl: a?.apiBaseUrl ?? 'https://api.line.me',
    isEmulator: a?.isEmulator ?? false,
    pushPerSecond: a?.pushPerSecond ?? 2000,
    multicastPerSecond: a?.multicastPerSecond ?? 200,
    workspaceIds: a?.workspaceIds ?? [],
  });
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF({ ...f, [k]: v });
  const longLived = f.tokenMode === 'longLived';
  const secrets = {
    ...(f.channelSecret ? { channelSecret: f.channelSecret } : {}),
    ...(longLived && f.channelAccessToken ? { channelAccessToken: f.channelAccessToken } : {}),
  };
  // A PATCH names only what this dialog changed: rotating the token sends the token, a rename the name.
  const createBody: LineAccountBody | null =
    dialog.kind === 'create' ? { ...f, channelAccessToken: longLived ? f.channelAccessToken : undefined } : null;
  const patchBody: LineAccountPatchBody | null =
    dialog.kind === 'rotate'
      ? { ...changedFields(a!, { tokenMode: f.tokenMode }), ...secrets }
      : dialog.kind === 'edit'
        ? {
            ...changedFields(a!, {
              name: f.name,
              apiBaseUrl: f.apiBaseUrl,
              isEmulator: f.isEmulator,
              pushPerSecond: f.pushPerSecond,
              multicastPerSecond: f.multicastPerSecond,
            }),
            ...secrets,
          }
        : null;
  const assignBody: WorkspaceIds = { workspaceIds: f.workspaceIds };
  const payload = createBody ?? patchBody ?? assignBody;
  // The PATCH schema has no defaults, so checking a partial payload never adds fields to it.
  const schema = dialog.kind === 'create' ? LineAccountInput : LineAccountPatch;
  // the rules on the account as a whole (rate caps, token mode) are the server's, from the same pure module;
  // whether a host is allowed depends on the operator's list, so that one only the server answers
  const rules =
    dialog.kind === 'assign'
      ? []
      : lineAccountIssues(
          {
            apiBaseUrl: 'https://api.line.me',
            isEmulator: f.isEmulator,
            pushPerSecond: f.pushPerSecond,
            multicastPerSecond: f.multicastPerSecond,
            tokenMode: f.tokenMode,
            hasAccessToken: !!f.channelAccessToken || (a?.channelAccessTokenLast4 != null && dialog.kind !== 'create'),
          },
          [],
        );
  const ruleText = (i: FieldIssue & Partial<ErrorDetail>, fromServer: boolean) =>
    accountRuleText(t, i, { isEmulator: f.isEmulator, stateless: !longLived, editing: fromServer && dialog.kind === 'edit' });
  const ruleErrs = Object.fromEntries(rules.map((i) => [i.path, ruleText(i, false)]));
  const save = useMutation({
    mutationFn: () =>
      dialog.kind === 'create'
        ? lineAccountsApi.create(createBody!)
        : dialog.kind === 'assign'
          ? lineAccountsApi.setWorkspaces(a!.id, assignBody)
          : lineAccountsApi.update(a!.id, patchBody!),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.lineAccounts });
      void qc.invalidateQueries({ queryKey: ['ws'] });
      notifications.show({ color: 'green', message: t('lineAccounts.saved') });
      onDone();
    },
  });
  const fromServer = serverFieldErrors(save.error, (i) => ruleText(i, true), i18n.language === 'en');
  const errs: Record<string, string> = {
    ...(touched && dialog.kind !== 'assign' ? { ...fieldErrors(schema.safeParse(payload), t), ...ruleErrs } : {}),
    ...fromServer,
  };
  // moving an account's secrets to a new host outside LINE needs them typed again: the server says when
  const askSecrets = dialog.kind === 'edit' && (!!fromServer.channelSecret || !!fromServer.channelAccessToken);
  const fields: Record<NonNullable<Dialog>['kind'], string[]> = {
    create: ['name', 'channelId', 'channelSecret', 'tokenMode', 'channelAccessToken', 'apiBaseUrl', 'isEmulator', 'rates', 'workspaceIds'],
    edit: ['name', 'apiBaseUrl', 'isEmulator', 'rates', ...(askSecrets ? ['channelSecret', 'channelAccessToken'] : [])],
    rotate: ['tokenMode', 'channelSecret', 'channelAccessToken'],
    assign: ['workspaceIds'],
  };
  const show = (k: string) => fields[dialog.kind].includes(k) && (k !== 'channelAccessToken' || longLived);
  const caps = f.isEmulator ? EMULATOR_RATE_LIMITS : LINE_RATE_LIMITS;
  return (
    <Stack
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (dialog.kind !== 'assign' && dialog.kind !== 'create' && !Object.keys(payload).length) return onDone();
        if (dialog.kind === 'assign' || (schema.safeParse(payload).success && !rules.length)) save.mutate();
      }}
    >
      {show('name') && (
        <TextInput label={t('common.name')} value={f.name} onChange={(e) => set('name', e.currentTarget.value)} error={errs.name} />
      )}
      {show('channelId') && (
        <TextInput
          label={t('lineAccounts.channelId')}
          description={t('lineAccounts.channelIdHelp')}
          value={f.channelId}
          onChange={(e) => set('channelId', e.currentTarget.value)}
          error={errs.channelId}
        />
      )}
      {show('channelSecret') && (
        <PasswordInput
          label={t('lineAccounts.secret')}
          description={a ? t('lineAccounts.endsIn', { last4: a.channelSecretLast4 }) : t('lineAccounts.secretHelp')}
          value={f.channelSecret}
          onChange={(e) => set('channelSecret', e.currentTarget.value)}
          error={errs.channelSecret}
          autoComplete="new-password"
        />
      )}
      {show('tokenMode') && (
        <Radio.Group
          label={t('lineAccounts.token')}
          description={t('lineAccounts.tokenModeHelp')}
          value={f.tokenMode}
          onChange={(v) => set('tokenMode', v as TokenMode)}
          error={errs.tokenMode}
        >
          <Group mt="xs">
            <Radio value="longLived" label={t('lineAccounts.tokenModeLongLived')} />
            <Radio value="stateless" label={t('lineAccounts.tokenModeStateless')} />
          </Group>
        </Radio.Group>
      )}
      {show('channelAccessToken') && (
        <PasswordInput
          label={t('lineAccounts.longLivedToken')}
          description={
            a?.channelAccessTokenLast4 ? t('lineAccounts.endsIn', { last4: a.channelAccessTokenLast4 }) : t('lineAccounts.tokenHelp')
          }
          value={f.channelAccessToken}
          onChange={(e) => set('channelAccessToken', e.currentTarget.value)}
          error={errs.channelAccessToken}
          autoComplete="new-password"
        />
      )}
      {show('apiBaseUrl') && (
        <TextInput
          label={t('lineAccounts.baseUrl')}
          description={t('lineAccounts.baseUrlHelp')}
          value={f.apiBaseUrl}
          onChange={(e) => set('apiBaseUrl', e.currentTarget.value)}
          error={errs.apiBaseUrl}
        />
      )}
      {show('isEmulator') && (
        <Checkbox
          label={t('lineAccounts.emulator')}
          description={t('lineAccounts.emulatorHelp')}
          checked={f.isEmulator}
          onChange={(e) => set('isEmulator', e.currentTarget.checked)}
          error={errs.isEmulator}
        />
      )}
      {show('rates') && (
        <Group grow>
          <NumberInput
            label={t('lineAccounts.pushRate')}
            min={1}
            max={caps.pushPerSecond}
            value={f.pushPerSecond}
            onChange={(v) => typeof v === 'number' && set('pushPerSecond', v)}
            error={errs.pushPerSecond}
          />
          <NumberInput
            label={t('lineAccounts.multicastRate')}
            min={1}
            max={caps.multicastPerSecond}
            value={f.multicastPerSecond}
            onChange={(v) => typeof v === 'number' && set('multicastPerSecond', v)}
            error={errs.multicastPerSecond}
          />
        </Group>
      )}
      {show('workspaceIds') && (
        <MultiSelect
          label={t('lineAccounts.workspaces')}
          data={workspaces.map((w) => ({ value: w.id, label: w.name }))}
          value={f.workspaceIds}
          onChange={(v) => set('workspaceIds', v)}
          searchable
        />
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
  const accounts = useQuery({ queryKey: qk.lineAccounts, queryFn: lineAccountsApi.list });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: workspacesApi.list });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [verified, setVerified] = useState<Record<string, unknown>>({});
  const verify = useMutation({
    mutationFn: lineAccountsApi.verify,
    onSuccess: (res, id) => setVerified((v) => ({ ...v, [id]: res })),
    onError: (e, id) => setVerified((v) => ({ ...v, [id]: { ok: false, error: errorText(e) } })),
  });
  const remove = useMutation({
    mutationFn: lineAccountsApi.remove,
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.lineAccounts }),
  });
  const wsName = (id: string) => workspaces.data?.find((w) => w.id === id)?.name ?? id.slice(0, 8);
  const titles = {
    create: t('lineAccounts.add'),
    edit: t('lineAccounts.edit'),
    rotate: t('lineAccounts.credentials'),
    assign: t('lineAccounts.assign'),
  };

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
                    {a.name} {a.isSandbox && <Badge size="xs">{t('lineAccounts.sandbox')}</Badge>}{' '}
                    {a.isEmulator && (
                      <Badge size="xs" color="gray">
                        {t('lineAccounts.emulatorBadge')}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed">
                      {a.apiBaseUrl}
                    </Text>
                    {v && (
                      <Text size="xs" c={v.ok === false || v.error ? 'red' : 'green'} data-testid="verify-result">
                        {v.error ?? (v.ok === false ? t('lineAccounts.verifyFailed') : t('lineAccounts.verified'))}{' '}
                        <Code fz={10}>{JSON.stringify(v).slice(0, 200)}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.channelId}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {t('lineAccounts.secretLast4', { last4: a.channelSecretLast4 })}
                    <br />
                    {a.tokenMode === 'stateless'
                      ? t('lineAccounts.shortLivedTokens')
                      : t('lineAccounts.tokenLast4', { last4: a.channelAccessTokenLast4 ?? '' })}
                  </Table.Td>
                  <Table.Td fz="sm">
                    {t('lineAccounts.pushPer', { n: a.pushPerSecond })}
                    <br />
                    {t('lineAccounts.multicastPer', { n: a.multicastPerSecond })}
                  </Table.Td>
                  <Table.Td fz="sm">{a.workspaceIds.map(wsName).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        loading={verify.isPending && verify.variables === a.id}
                        onClick={() => verify.mutate(a.id)}
                      >
                        {t('lineAccounts.verify')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'edit', account: a })}>
                        {t('common.edit')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'rotate', account: a })}>
                        {t('lineAccounts.credentials')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'assign', account: a })}>
                        {t('common.workspaces')}
                      </Button>
                      <Button
                        size="compact-xs"
                        color="red"
                        variant="subtle"
                        onClick={() => window.confirm(t('common.confirmDelete', { name: a.name })) && remove.mutate(a.id)}
                      >
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
        {dialog && (
          <AccountForm
            key={dialog.kind + ('account' in dialog ? dialog.account.id : '')}
            dialog={dialog}
            workspaces={workspaces.data ?? []}
            onDone={() => setDialog(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
