import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, Group, Modal, MultiSelect, NumberInput, PasswordInput, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EMULATOR_RATE_LIMITS, LINE_RATE_LIMITS, lineAccountIssues } from '../../../src/domain/line-hosts.ts';
import { LineAccountInput } from '../../../src/schemas/admin.ts';
import { ApiError, del, errorMessage, getAll, patch, post, put } from '../api/client.ts';
import { qk } from '../api/keys.ts';
import type { LineAccount, Workspace } from '../api/types.ts';
import { fieldErrors } from './forms.ts';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'rotate' | 'assign'; account: LineAccount } | null;
type TokenMode = 'longLived' | 'stateless';

/** The server's 400 details as field → message (it alone knows the operator's allowed hosts). */
function serverFieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError) for (const d of e.details) out[d.path.replace(/^body\./, '')] ??= d.message;
  return out;
}

function AccountForm({ dialog, workspaces, onDone }: { dialog: NonNullable<Dialog>; workspaces: Workspace[]; onDone(): void }) {
  const qc = useQueryClient();
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
  const secrets = { ...(f.channelSecret ? { channelSecret: f.channelSecret } : {}), ...(longLived && f.channelAccessToken ? { channelAccessToken: f.channelAccessToken } : {}) };
  const payload =
    dialog.kind === 'create'
      ? { ...f, channelAccessToken: longLived ? f.channelAccessToken : undefined }
      : dialog.kind === 'rotate'
        ? { tokenMode: f.tokenMode, ...secrets }
        : dialog.kind === 'edit'
          ? { name: f.name, apiBaseUrl: f.apiBaseUrl, isEmulator: f.isEmulator, pushPerSecond: f.pushPerSecond, multicastPerSecond: f.multicastPerSecond, ...secrets }
          : { workspaceIds: f.workspaceIds };
  const schema = dialog.kind === 'create' ? LineAccountInput : LineAccountInput.partial();
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
  const ruleErrs = Object.fromEntries(rules.map((i) => [i.path, `${i.path} ${i.message}`]));
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
      notifications.show({ color: 'green', message: 'LINE account saved' });
      onDone();
    },
  });
  const fromServer = serverFieldErrors(save.error);
  const errs: Record<string, string> = { ...(touched && dialog.kind !== 'assign' ? { ...fieldErrors(schema.safeParse(payload)), ...ruleErrs } : {}), ...fromServer };
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
        if (dialog.kind === 'assign' || (schema.safeParse(payload).success && !rules.length)) save.mutate();
      }}
    >
      {show('name') && <TextInput label="Name" value={f.name} onChange={(e) => set('name', e.currentTarget.value)} error={errs.name} />}
      {show('channelId') && <TextInput label="Channel ID" description="The numeric ID from the LINE Developers console." value={f.channelId} onChange={(e) => set('channelId', e.currentTarget.value)} error={errs.channelId} />}
      {show('channelSecret') && <PasswordInput label="Channel secret" description={a ? `Now ends in …${a.channelSecretLast4}. Leave empty to keep.` : 'Stored encrypted; never shown again.'} value={f.channelSecret} onChange={(e) => set('channelSecret', e.currentTarget.value)} error={errs.channelSecret} autoComplete="new-password" />}
      {show('tokenMode') && (
        <Radio.Group
          label="Channel access token"
          description="Short-lived tokens need no token from the console: Linecast issues a 15-minute token from the channel ID and secret as it sends, and renews it."
          value={f.tokenMode}
          onChange={(v) => set('tokenMode', v as TokenMode)}
          error={errs.tokenMode}
        >
          <Group mt="xs">
            <Radio value="longLived" label="Long-lived token" />
            <Radio value="stateless" label="Issue short-lived tokens from channel secret" />
          </Group>
        </Radio.Group>
      )}
      {show('channelAccessToken') && <PasswordInput label="Long-lived channel access token" description={a?.channelAccessTokenLast4 ? `Now ends in …${a.channelAccessTokenLast4}. Leave empty to keep.` : 'From the LINE Developers console; stored encrypted.'} value={f.channelAccessToken} onChange={(e) => set('channelAccessToken', e.currentTarget.value)} error={errs.channelAccessToken} autoComplete="new-password" />}
      {show('apiBaseUrl') && <TextInput label="API base URL" description="https://api.line.me. Credentials are only sent to LINE's hosts, hosts the operator allows, or an emulator account's URL." value={f.apiBaseUrl} onChange={(e) => set('apiBaseUrl', e.currentTarget.value)} error={errs.apiBaseUrl} />}
      {show('isEmulator') && (
        <Checkbox
          label="Emulator account (not LINE)"
          description="For a LINE emulator: any URL, rates above LINE's limits. Its secrets are sent to that URL, so moving it to a new host asks for them again."
          checked={f.isEmulator}
          onChange={(e) => set('isEmulator', e.currentTarget.checked)}
          error={errs.isEmulator}
        />
      )}
      {show('rates') && (
        <Group grow>
          <NumberInput label="Push requests / s" min={1} max={caps.pushPerSecond} value={f.pushPerSecond} onChange={(v) => typeof v === 'number' && set('pushPerSecond', v)} error={errs.pushPerSecond} />
          <NumberInput label="Multicast requests / s" min={1} max={caps.multicastPerSecond} value={f.multicastPerSecond} onChange={(v) => typeof v === 'number' && set('multicastPerSecond', v)} error={errs.multicastPerSecond} />
        </Group>
      )}
      {show('workspaceIds') && (
        <MultiSelect label="Workspaces that may send from it" data={workspaces.map((w) => ({ value: w.id, label: w.name }))} value={f.workspaceIds} onChange={(v) => set('workspaceIds', v)} searchable />
      )}
      {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

export function LineAccountsPage() {
  const qc = useQueryClient();
  const accounts = useQuery({ queryKey: qk.lineAccounts, queryFn: () => getAll<LineAccount>('/api/v1/line-accounts') });
  const workspaces = useQuery({ queryKey: qk.workspaces, queryFn: () => getAll<Workspace>('/api/v1/workspaces') });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [verified, setVerified] = useState<Record<string, unknown>>({});
  const verify = useMutation({
    mutationFn: (id: string) => post<unknown>(`/api/v1/line-accounts/${id}/verify`),
    onSuccess: (res, id) => setVerified((v) => ({ ...v, [id]: res })),
    onError: (e, id) => setVerified((v) => ({ ...v, [id]: { ok: false, error: errorMessage(e) } })),
  });
  const remove = useMutation({ mutationFn: (id: string) => del(`/api/v1/line-accounts/${id}`), onSuccess: () => void qc.invalidateQueries({ queryKey: qk.lineAccounts }) });
  const wsName = (id: string) => workspaces.data?.find((w) => w.id === id)?.name ?? id.slice(0, 8);
  const titles = { create: 'Add LINE account', edit: 'Edit LINE account', rotate: 'Credentials', assign: 'Assign to workspaces' };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>LINE accounts</Title>
        <Button onClick={() => setDialog({ kind: 'create' })}>+ Add LINE account</Button>
      </Group>
      <Text size="sm" c="dimmed">
        LINE Official Accounts campaigns send from. Secrets are write-only: only their last four characters are shown.
      </Text>
      {accounts.error && <Alert color="red">{errorMessage(accounts.error)}</Alert>}
      <Table.ScrollContainer minWidth={800}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Secrets</Table.Th>
              <Table.Th>Rate limits</Table.Th>
              <Table.Th>Workspaces</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(accounts.data ?? []).map((a) => {
              const v = verified[a.id] as { ok?: boolean; error?: string } | undefined;
              return (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    {a.name} {a.isSandbox && <Badge size="xs">sandbox</Badge>} {a.isEmulator && <Badge size="xs" color="gray">emulator</Badge>}
                    <Text size="xs" c="dimmed">
                      {a.apiBaseUrl}
                    </Text>
                    {v && (
                      <Text size="xs" c={v.ok === false || v.error ? 'red' : 'green'} data-testid="verify-result">
                        {v.error ?? (v.ok === false ? 'Verification failed' : 'Verified')} <Code fz={10}>{JSON.stringify(v).slice(0, 200)}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.channelId}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    secret …{a.channelSecretLast4}
                    <br />
                    {a.tokenMode === 'stateless' ? 'short-lived tokens' : `token …${a.channelAccessTokenLast4 ?? ''}`}
                  </Table.Td>
                  <Table.Td fz="sm">
                    push {a.pushPerSecond}/s
                    <br />
                    multicast {a.multicastPerSecond}/s
                  </Table.Td>
                  <Table.Td fz="sm">{a.workspaceIds.map(wsName).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="light" loading={verify.isPending && verify.variables === a.id} onClick={() => verify.mutate(a.id)}>
                        Verify
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'edit', account: a })}>
                        Edit
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'rotate', account: a })}>
                        Credentials
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: 'assign', account: a })}>
                        Workspaces
                      </Button>
                      <Button size="compact-xs" color="red" variant="subtle" onClick={() => window.confirm(`Delete ${a.name}?`) && remove.mutate(a.id)}>
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {remove.error && <Alert color="red">{errorMessage(remove.error)}</Alert>}
      <Modal opened={!!dialog} onClose={() => setDialog(null)} title={dialog ? titles[dialog.kind] : ''}>
        {dialog && <AccountForm key={dialog.kind + ('account' in dialog ? dialog.account.id : '')} dialog={dialog} workspaces={workspaces.data ?? []} onDone={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}
