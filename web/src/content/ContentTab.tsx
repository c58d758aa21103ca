import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Button, Grid, Group, Menu, NumberInput, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useSegmentReach, useWsLineAccounts } from '../api/audience.ts';
import type { ValidationIssue } from '../api/types.ts';
import type { TabProps } from '../campaigns/CampaignPage.tsx';
import { errorAt, useAutosave } from '../campaigns/useCampaign.ts';
import { checkMessages, renderPreview, type SampleProfile } from '../lib/domain.ts';
import { PhoneFrame } from '../preview/LinePreview.tsx';
import { asImagemap, asText, keyed, MAX_MESSAGES, newImagemap, newText, type ImagemapDraft, type Keyed, type TextDraft } from './drafts.ts';
import { SortableMessages } from './SortableMessages.tsx';
import { TextMessageEditor } from './TextMessageEditor.tsx';
import { ImagemapEditor } from './ImagemapEditor.tsx';

/**
 * Message-level rules come from the shared rules at every keystroke; the rest from the server's /validate, which also
 * checks the rendered messages (blank profile and sample recipients, UTM tags, tracked links): those carry a code and
 * have no local counterpart, so they are shown on their message too.
 */
function mergeIssues(server: ValidationIssue[], local: { path: string; message: string }[]) {
  const isMessage = (p: string) => p.startsWith('content.messages[');
  return [...server.filter((i) => !isMessage(i.path) || i.code !== undefined), ...local.filter((i) => isMessage(i.path))];
}

export function ContentTab({ ws, campaign, editable, issues, warnings, save }: TabProps & { warnings: ValidationIssue[] }) {
  const [accountId, setAccountId] = useState(campaign.content.lineAccountId);
  const [cap, setCap] = useState<number | null>(campaign.recipientCap);
  const [items, setItems] = useState<Keyed[]>(() => campaign.content.messages.map(keyed));
  const [previewAs, setPreviewAs] = useState<string>('blank');
  const messages = useMemo(() => items.map((i) => i.message), [items]);
  useAutosave({ accountId, messages, cap }, (v) => save({ content: { lineAccountId: v.accountId, messages: v.messages }, recipientCap: v.cap }), 500, editable);

  const accounts = useWsLineAccounts(ws);
  const reach = useSegmentReach(ws, campaign.audience.segmentId);
  const sample: SampleProfile[] = reach.data?.sample ?? [];
  const attributes = useMemo(() => [...new Set(sample.flatMap((p) => Object.keys(p.attributes)))].sort(), [sample]);
  const local = useMemo(() => checkMessages(messages), [messages]);
  const all = mergeIssues(issues, local);
  const profile = sample.find((p) => p.customerKey === previewAs) ?? null;
  const preview = useMemo(() => renderPreview(messages, { campaign: { id: campaign.id, name: campaign.name }, profile, utm: campaign.utm }), [messages, campaign.id, campaign.name, campaign.utm, profile]);
  const account = accounts.data?.find((a) => a.id === accountId);
  const full = items.length >= MAX_MESSAGES;

  const update = (key: string, message: TextDraft | ImagemapDraft) => setItems(items.map((i) => (i.key === key ? { key, message: message as unknown as Keyed['message'] } : i)));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length) return;
    const next = [...items];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x!);
    setItems(next);
  };

  return (
    <Grid gutter="xl">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack>
          <Group grow align="flex-start">
            <Select
              label="LINE OA configuration"
              description="Only LINE accounts assigned to this workspace are listed."
              placeholder={accounts.isPending ? 'Loading…' : accounts.data?.length ? 'Choose the LINE account to send from' : 'No LINE account is assigned to this workspace'}
              data={(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.name}${a.isSandbox ? ' (sandbox)' : ''}` }))}
              value={accountId}
              onChange={setAccountId}
              disabled={!editable}
              error={errorAt(all, 'content.lineAccountId')}
            />
            <NumberInput
              label="Send to at most (optional)"
              description="A recipient cap, e.g. to fit the month’s LINE quota."
              min={1}
              value={cap ?? ''}
              onChange={(v) => setCap(typeof v === 'number' && v > 0 ? v : null)}
              disabled={!editable}
              error={errorAt(all, 'recipientCap')}
            />
          </Group>
          {errorAt(all, 'content.messages') && (
            <Alert color="red" role="alert">
              {errorAt(all, 'content.messages')}
            </Alert>
          )}
          <SortableMessages
            items={items}
            onReorder={setItems}
            render={(item, i, handle) => (
              <Paper withBorder p="sm" mb="sm" data-testid="message-card">
                <Group justify="space-between" mb="xs">
                  <Group gap={6}>
                    <ActionIcon
                      ref={handle.ref}
                      {...handle.attributes}
                      {...handle.listeners}
                      variant="subtle"
                      className="lc-drag-handle"
                      aria-label={`Reorder message ${i + 1} (drag, or Space then arrow keys)`}
                      disabled={!editable}
                    >
                      ⠿
                    </ActionIcon>
                    <Text fw={600} size="sm">
                      {i + 1}. {item.message.type === 'text' ? 'Text' : 'Imagemap'}
                    </Text>
                  </Group>
                  <Group gap={4}>
                    <ActionIcon variant="subtle" aria-label={`Move message ${i + 1} up`} onClick={() => move(i, i - 1)} disabled={!editable || i === 0}>
                      ↑
                    </ActionIcon>
                    <ActionIcon variant="subtle" aria-label={`Move message ${i + 1} down`} onClick={() => move(i, i + 1)} disabled={!editable || i === items.length - 1}>
                      ↓
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete message ${i + 1}`} onClick={() => setItems(items.filter((x) => x.key !== item.key))} disabled={!editable}>
                      ✕
                    </ActionIcon>
                  </Group>
                </Group>
                {item.message.type === 'text' ? (
                  <TextMessageEditor index={i} message={asText(item.message)} onChange={(m) => update(item.key, m)} error={errorAt(all, `content.messages[${i}]`, true)} attributes={attributes} disabled={!editable} />
                ) : (
                  <ImagemapEditor index={i} message={asImagemap(item.message)} onChange={(m) => update(item.key, m)} issues={all} disabled={!editable} />
                )}
              </Paper>
            )}
          />
          <Menu position="bottom-start" disabled={!editable || full}>
            <Menu.Target>
              <Tooltip label={`LINE sends at most ${MAX_MESSAGES} messages at once`} disabled={!full}>
                <Button variant="light" w="fit-content" disabled={!editable || full}>
                  + Add Message
                </Button>
              </Tooltip>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => setItems([...items, keyed(newText() as unknown as Keyed['message'])])}>Text</Menu.Item>
              <Menu.Item onClick={() => setItems([...items, keyed(newImagemap() as unknown as Keyed['message'])])}>Imagemap</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Text size="xs" c="dimmed">
            {items.length} of {MAX_MESSAGES} messages. Recipients get all of them at once, in this order.
          </Text>
          {warnings.map((w) => (
            <Alert key={w.path + w.message} color="yellow">
              {w.message}
            </Alert>
          ))}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="xs" style={{ position: 'sticky', top: 70 }}>
          <Select
            label="Preview as"
            data={[{ value: 'blank', label: 'Blank profile (default values)' }, ...sample.map((p) => ({ value: p.customerKey, label: `${p.customerKey}${p.attributes.first_name ? ` — ${String(p.attributes.first_name)}` : ''}` }))]}
            value={previewAs}
            onChange={(v) => setPreviewAs(v ?? 'blank')}
            allowDeselect={false}
            w={320}
          />
          <PhoneFrame accountName={account?.name ?? 'LINE Official Account'} messages={preview.messages} />
          {preview.error && (
            <Text size="xs" c="orange">
              Preview shows the raw template: {preview.error}
            </Text>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
