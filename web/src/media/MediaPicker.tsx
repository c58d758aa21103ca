import { Alert, Button, Loader, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useMedia } from '../api/media.ts';
import type { MediaItem } from '../api/types.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { MediaGrid } from './MediaGrid.tsx';
import { MediaUpload } from './MediaUpload.tsx';
import { notHttps, type MediaKind } from './format.ts';

/**
 * The media library in a modal: upload a file of the kind asked for, or pick one already there. An upload is
 * picked as soon as the server has accepted it (the marketer uploaded it for this message).
 */
export function MediaPickerModal({
  ws,
  type,
  opened,
  onClose,
  onPick,
  title,
}: {
  ws: string;
  /** Which files: pictures (PNG, JPEG) or videos (MP4). */
  type: MediaKind;
  opened: boolean;
  onClose(): void;
  onPick(m: MediaItem): void;
  title: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const media = useMedia(ws, opened);
  const items = (media.data ?? []).filter((m) => m.kind === type);
  const pick = (m: MediaItem) => {
    onPick(m);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl">
      <Stack>
        <MediaUpload ws={ws} type={type} onUploaded={pick} />
        {notHttps(items) && (
          <Alert color="yellow" data-testid="media-not-https">
            {t('media.notHttps')}
          </Alert>
        )}
        {media.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {media.isError && (
          <Alert color="red" role="alert">
            {errorText(media.error)}
          </Alert>
        )}
        {media.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {type === 'image' ? t('media.noImages') : t('media.noVideos')}
          </Text>
        )}
        <MediaGrid items={items} onPick={pick} />
      </Stack>
    </Modal>
  );
}

/** A button opening the library for one field; `label` says what the pick fills. */
export function MediaPickerButton({
  ws,
  type,
  label,
  onPick,
  disabled,
}: {
  ws: string;
  /** Which files: pictures (PNG, JPEG) or videos (MP4). */
  type: MediaKind;
  label: string;
  onPick(m: MediaItem): void;
  disabled: boolean;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="xs" variant="light" w="fit-content" onClick={open} disabled={disabled}>
        {label}
      </Button>
      <MediaPickerModal ws={ws} type={type} opened={opened} onClose={close} onPick={onPick} title={label} />
    </>
  );
}
