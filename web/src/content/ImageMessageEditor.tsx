import { Group, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorAt } from '../campaigns/tabs/tab.ts';
import { MediaPickerButton } from '../media/MediaPicker.tsx';
import { MessageErrors } from './MessageErrors.tsx';
import type { ImageDraft } from './drafts.ts';

const FIELDS = ['originalContentUrl', 'previewImageUrl'];

/** A small picture of what a URL shows, when it is one LINE could fetch. */
export function Thumb({ url, alt }: { url: string; alt: string }) {
  if (!/^https:\/\//.test(url)) return null;
  return <img src={url} alt={alt} style={{ maxWidth: 160, maxHeight: 120, borderRadius: 8, objectFit: 'cover' }} />;
}

/**
 * Image message: pick or upload a picture in the media library (its URL and its generated ≤ 1 MB preview go in),
 * or type both URLs (any HTTPS host, Liquid allowed).
 */
export function ImageMessageEditor({
  ws,
  index,
  message,
  onChange,
  issues,
  disabled,
}: {
  ws: string;
  index: number;
  message: ImageDraft;
  onChange(m: ImageDraft): void;
  issues: { path: string; message: string }[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const base = `content.messages[${index}]`;
  return (
    <Stack gap="xs">
      <Group align="center">
        <Thumb url={message.previewImageUrl} alt={t('composer.imageThumb', { n: index + 1 })} />
        <MediaPickerButton
          ws={ws}
          type="image"
          label={t('composer.chooseImage')}
          disabled={disabled}
          onPick={(m) => onChange({ ...message, originalContentUrl: m.urls.original, previewImageUrl: m.urls.preview ?? m.urls.original })}
        />
      </Group>
      <TextInput
        label={t('composer.imageUrl', { n: index + 1 })}
        description={t('composer.imageUrlHelp')}
        value={message.originalContentUrl}
        onChange={(e) => onChange({ ...message, originalContentUrl: e.currentTarget.value.trim() })}
        error={errorAt(issues, `${base}.originalContentUrl`)}
        disabled={disabled}
      />
      <TextInput
        label={t('composer.previewUrl', { n: index + 1 })}
        description={t('composer.previewUrlHelp')}
        value={message.previewImageUrl}
        onChange={(e) => onChange({ ...message, previewImageUrl: e.currentTarget.value.trim() })}
        error={errorAt(issues, `${base}.previewImageUrl`)}
        disabled={disabled}
      />
      <MessageErrors issues={issues} base={base} shown={FIELDS} />
    </Stack>
  );
}
