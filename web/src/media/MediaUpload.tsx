import { useState } from 'react';
import { Alert, Button, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUploadMedia } from '../api/media.ts';
import type { MediaItem } from '../api/types.ts';
import { useErrorText } from '../i18n/useErrorText.ts';
import { ACCEPT, type MediaKind } from './format.ts';

/**
 * Upload one file into the library, with the bytes sent so far; the server checks the file (real PNG/JPEG/MP4,
 * LINE's size limits) and a refusal is shown in the user's language from its issue code.
 */
export function MediaUpload({ ws, type, onUploaded }: { ws: string; type: MediaKind; onUploaded(m: MediaItem): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [progress, setProgress] = useState<number | null>(null);
  const [name, setName] = useState('');
  const mutation = useUploadMedia(ws, (sent, total) => setProgress(total ? Math.round((sent / total) * 100) : 0));
  function send(file: File | null) {
    if (!file) return;
    setName(file.name);
    setProgress(0);
    mutation.mutate(file, { onSuccess: onUploaded });
  }
  return (
    <Stack gap={6}>
      <Group gap="sm">
        <FileButton onChange={send} accept={ACCEPT[type]} inputProps={{ 'data-testid': `media-file-${type}` } as object}>
          {(props) => (
            <Button {...props} variant="light" loading={mutation.isPending}>
              {type === 'image' ? t('media.uploadImage') : t('media.uploadVideo')}
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {type === 'image' ? t('media.imageLimits') : t('media.videoLimits')}
        </Text>
      </Group>
      {mutation.isPending && progress !== null && (
        <Stack gap={2}>
          <Text size="xs">{t('media.uploading', { name, percent: progress })}</Text>
          <Progress value={progress} animated aria-label={t('media.progress')} />
        </Stack>
      )}
      {mutation.isError && (
        <Alert color="red" role="alert" data-testid="media-upload-error">
          {t('media.refused', { name, reason: errorText(mutation.error) })}
        </Alert>
      )}
    </Stack>
  );
}
