import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Button, Grid, Group, Menu, NumberInput, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useSegmentReach, useWsLineAccounts } from '../api/audience.ts';
import type { ValidationIssue } from '../api/types.ts';
import { errorAt, type TabProps } from '../campaigns/tabs/tab.ts';
import { useAutosave } from '../campaigns/useAutosave.ts';
import { useQueryClient } from '@tanstack/react-query';
import { qk } from '../api/keys.ts';
import { checkMessages, renderPreview, type SampleProfile } from '../lib/domain.ts';
import { useTranslation } from 'react-i18next';
import { issueText } from '../i18n/issues.ts';
import { PhoneFrame } from '../preview/LinePreview.tsx';
import {
  keyed,
  MAX_MESSAGES,
  newImage,
  newImagemap,
  newSticker,
  newText,
  newVideo,
  sameMessage,
  type Keyed,
  type MessageType,
} from './drafts.ts';
import { SortableMessages } from './SortableMessages.tsx';
import { MessageEditor, typeName } from './MessageEditor.tsx';
import { FlexMessageEditor } from './flex/FlexMessageEditor.tsx';
import { newFlex } from './flex/newFlex.ts';
import { useImagePicker } from '../media/useImagePicker.tsx';

/**
 * A new draft of each type the composer offers (Flex from its editor's own module), in the "Add message" menu's order:
 * LINE Official Account Manager's, cards before the imagemap. A Record over the domain's types, so a type added
 * there does not compile until the composer offers it.
 */
const NEW_MESSAGE: Record<MessageType, () => object> = {
  text: newText,
  image: newImage,
  video: newVideo,
  sticker: newSticker,
  flex: newFlex,
  imagemap: newImagemap,
};
const MENU_ORDER = Object.keys(NEW_MESSAGE) as MessageType[];

/**
 * Message-level rules come from the shared rules at every keystroke; the rest from the server's /validate, which also
 * checks the rendered messages (blank profile and sample recipients, UTM tags, tracked links): those have no local
 * counterpart, so they are shown on their message too, but only while the message is the one the server checked
 * (the saved content that answer was about, at the same place). A message edited or moved since shows only what the shared rules say of it
 * until the server has checked it again, so a fixed problem never lingers. The same problem found by both is shown
 * once.
 */
function mergeIssues(server: ValidationIssue[], local: ValidationIssue[], current: unknown[], saved: unknown[]): ValidationIssue[] {
  const at = (p: string) => /^content\.messages\[(\d+)\]/.exec(p)?.[1];
  const checked = (i: ValidationIssue) => {
    const n = at(i.path);
    return n === undefined || sameMessage(current[Number(n)], saved[Number(n)]);
  };
  const seen = new Set<string>();
  return [...server.filter(checked), ...local.filter((i) => at(i.path) !== undefined)].filter((i) => {
    const key = `${i.path}\n${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The Flex editor with the media library behind its card images' "choose picture" (one picker per message). */
function FlexWithLibrary({ ws, ...props }: Parameters<typeof FlexMessageEditor>[0] & { ws: string }) {
  const { t } = useTranslation();
  const library = useImagePicker(ws, t('composer.chooseImage'));
  return (
    <>
      <FlexMessageEditor {...props} onPickImage={library.pick} />
      {library.modal}
    </>
  );
}

/** A sample profile in the preview menu: its key and, when it has them, its name as the data holds it. */
function sampleLabel(p: SampleProfile): string {
  const a = p.attributes;
  const name =
    [a.last_name, a.first_name].filter((v) => typeof v === 'string' && v).join(' ') || (typeof a.name === 'string' ? a.name : '');
  return name ? `${p.customerKey} — ${name}` : p.customerKey;
}

export function ContentTab({ ws, campaign, editable, issues, warnings, save }: TabProps & { warnings: ValidationIssue[] }) {
  const { t } = useTranslation();
  const [accountId, setAccountId] = useState(campaign.content.lineAccountId);
  const [cap, setCap] = useState<number | null>(campaign.recipientCap);
  const [items, setItems] = useState<Keyed[]>(() => campaign.content.messages.map(keyed));
  const [previewAs, setPreviewAs] = useState<string>('blank');
  const messages = useMemo(() => items.map((i) => i.message), [items]);
  useAutosave(
    { accountId, messages, cap },
    (v) => save({ content: { lineAccountId: v.accountId, messages: v.messages }, recipientCap: v.cap }),
    500,
    editable,
  );

  const accounts = useWsLineAccounts(ws);
  const reach = useSegmentReach(ws, campaign.audience.segmentId);
  const sample: SampleProfile[] = reach.data?.sample ?? [];
  const attributes = useMemo(() => [...new Set(sample.flatMap((p) => Object.keys(p.attributes)))].sort(), [sample]);
  const local = useMemo(
    () => checkMessages(messages).map((i): ValidationIssue => ({ ...i, tab: 'content', message: issueText(t, i) })),
    [messages, t],
  );
  // The messages the server's last /validate answer was about: the saved campaign when that answer came (a save
  // updates the campaign first, then validation runs again), so an answer still about the old content after a save
  // does not bring a fixed problem back for a moment.
  const validatedAt = useQueryClient().getQueryState(qk.validation(ws, campaign.id))?.dataUpdatedAt ?? 0;
  const [validated, setValidated] = useState({ at: validatedAt, messages: campaign.content.messages });
  if (validated.at !== validatedAt) setValidated({ at: validatedAt, messages: campaign.content.messages });
  const all = mergeIssues(issues, local, messages, validated.messages);
  const profile = sample.find((p) => p.customerKey === previewAs) ?? null;
  const preview = useMemo(
    () => renderPreview(messages, { campaign: { id: campaign.id, name: campaign.name }, profile, utm: campaign.utm }),
    [messages, campaign.id, campaign.name, campaign.utm, profile],
  );
  const account = accounts.data?.find((a) => a.id === accountId);
  const full = items.length >= MAX_MESSAGES;

  const update = (key: string, message: object) =>
    setItems(items.map((i) => (i.key === key ? { key, message: message as unknown as Keyed['message'] } : i)));
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
              label={t('content.account')}
              description={t('content.accountHelp')}
              placeholder={
                accounts.isPending ? t('common.loading') : accounts.data?.length ? t('content.chooseAccount') : t('content.noAccount')
              }
              data={(accounts.data ?? []).map((a) => ({
                value: a.id,
                label: a.isSandbox ? t('content.sandboxAccount', { name: a.name }) : a.name,
              }))}
              value={accountId}
              onChange={setAccountId}
              disabled={!editable}
              error={errorAt(all, 'content.lineAccountId')}
            />
            <NumberInput
              label={t('content.cap')}
              description={t('content.capHelp')}
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
                      aria-label={t('content.reorder', { n: i + 1 })}
                      disabled={!editable}
                    >
                      ⠿
                    </ActionIcon>
                    <Text fw={600} size="sm">
                      {i + 1}. {typeName(t, item.message.type)}
                    </Text>
                  </Group>
                  <Group gap={4}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('content.moveUp', { n: i + 1 })}
                      onClick={() => move(i, i - 1)}
                      disabled={!editable || i === 0}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('content.moveDown', { n: i + 1 })}
                      onClick={() => move(i, i + 1)}
                      disabled={!editable || i === items.length - 1}
                    >
                      ↓
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('content.delete', { n: i + 1 })}
                      onClick={() => setItems(items.filter((x) => x.key !== item.key))}
                      disabled={!editable}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                </Group>
                {item.message.type === 'flex' ? (
                  <FlexWithLibrary
                    ws={ws}
                    index={i}
                    message={item.message}
                    onChange={(m) => update(item.key, m)}
                    issues={all}
                    attributes={attributes}
                    disabled={!editable}
                  />
                ) : (
                  <MessageEditor
                    ws={ws}
                    index={i}
                    message={item.message}
                    onChange={(m) => update(item.key, m)}
                    issues={all}
                    attributes={attributes}
                    disabled={!editable}
                  />
                )}
              </Paper>
            )}
          />
          <Menu position="bottom-start" disabled={!editable || full}>
            <Menu.Target>
              <Tooltip label={t('content.maxMessages', { max: MAX_MESSAGES })} disabled={!full}>
                <Button variant="light" w="fit-content" disabled={!editable || full}>
                  {t('content.add')}
                </Button>
              </Tooltip>
            </Menu.Target>
            <Menu.Dropdown>
              {MENU_ORDER.map((type) => (
                <Menu.Item key={type} onClick={() => setItems([...items, keyed(NEW_MESSAGE[type]() as Keyed['message'])])}>
                  {typeName(t, type)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Text size="xs" c="dimmed">
            {t('content.count', { count: items.length, max: MAX_MESSAGES })}
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
            label={t('content.previewAs')}
            data={[
              { value: 'blank', label: t('content.blankProfile') },
              ...sample.map((p) => ({ value: p.customerKey, label: sampleLabel(p) })),
            ]}
            value={previewAs}
            onChange={(v) => setPreviewAs(v ?? 'blank')}
            allowDeselect={false}
            w={320}
          />
          <PhoneFrame accountName={account?.name ?? t('newCampaign.lineOa')} messages={preview.messages} />
          {preview.error && (
            <Text size="xs" c="orange">
              {t('content.previewRaw', { error: preview.error })}
            </Text>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
