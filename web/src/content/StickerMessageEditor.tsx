import { Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { errorAt } from '../campaigns/tabs/tab.ts';
import { MessageErrors } from './MessageErrors.tsx';
import { StickerPicker } from './StickerPicker.tsx';
import { StickerImage } from '../preview/StickerImage.tsx';
import { stickerImageUrl } from '../preview/stickerUrl.ts';
import type { StickerDraft } from './drafts.ts';

const FIELDS = ['packageId', 'stickerId'];

/** Sticker message: one of the stickers a bot may send, picked from LINE's list (IDs are never typed by hand). */
export function StickerMessageEditor({
  ws,
  index,
  message,
  onChange,
  issues,
  disabled,
}: {
  ws: string;
  index: number;
  message: StickerDraft;
  onChange(m: StickerDraft): void;
  issues: { path: string; message: string }[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const base = `content.messages[${index}]`;
  const chosen = message.packageId !== '' && message.stickerId !== '';
  const fieldErrors = [errorAt(issues, `${base}.packageId`), errorAt(issues, `${base}.stickerId`)].filter(Boolean);
  return (
    <Stack gap="xs">
      <Group align="center">
        {chosen && (
          <StickerImage
            sticker={{ stickerId: message.stickerId, previewUrl: stickerImageUrl(message.packageId, message.stickerId) }}
            size={72}
          />
        )}
        <Stack gap={2}>
          <Text size="sm" data-testid="sticker-chosen">
            {chosen ? t('sticker.chosen', { packageId: message.packageId, stickerId: message.stickerId }) : t('sticker.none')}
          </Text>
          <Button size="xs" variant="light" w="fit-content" onClick={open} disabled={disabled}>
            {chosen ? t('sticker.change') : t('sticker.choose')}
          </Button>
        </Stack>
      </Group>
      {fieldErrors.map((e) => (
        <Text key={e} size="xs" c="red" role="alert">
          {e}
        </Text>
      ))}
      <MessageErrors issues={issues} base={base} shown={FIELDS} />
      <StickerPicker
        ws={ws}
        opened={opened}
        onClose={close}
        current={message}
        onPick={(s) => onChange({ ...message, packageId: s.packageId, stickerId: s.stickerId })}
      />
    </Stack>
  );
}
