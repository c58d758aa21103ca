import { Group, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../src/domain/messages/limits.ts';
import { errorAt } from '../campaigns/tabs/tab.ts';
import { MediaPickerButton } from '../media/MediaPicker.tsx';
import { CharCounter } from './CharCounter.tsx';
import { Thumb } from './ImageMessageEditor.tsx';
import { MessageErrors } from './MessageErrors.tsx';
import { withTrackingId, type VideoDraft } from './drafts.ts';

const FIELDS = ['originalContentUrl', 'previewImageUrl', 'trackingId'];

/**
 * Video message: an MP4 from the media library and a still picture shown before it plays (LINE needs both; the
 * picture's generated ≤ 1 MB preview goes in), or both URLs typed; an optional tracking ID for LINE's video
 * viewing statistics.
 */
export function VideoMessageEditor({
  ws,
  index,
  message,
  onChange,
  issues,
  disabled,
}: {
  ws: string;
  index: number;
  message: VideoDraft;
  onChange(m: VideoDraft): void;
  issues: { path: string; message: string }[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  // eslint-disable-next-line i18next/no-literal-string -- field path, not words
  const base = `content.messages[${index}]`;
  return (
    <Stack gap="xs">
      <Group align="center">
        <Thumb url={message.previewImageUrl} alt={t('composer.videoThumb', { n: index + 1 })} />
        <MediaPickerButton
          ws={ws}
          type="video"
          label={t('composer.chooseVideo')}
          disabled={disabled}
          // a video the library made a still for brings it along; otherwise the preview picked so far stays
          onPick={(m) =>
            onChange({ ...message, originalContentUrl: m.urls.original, previewImageUrl: m.urls.preview ?? message.previewImageUrl })
          }
        />
        <MediaPickerButton
          ws={ws}
          type="image"
          label={t('composer.chooseVideoPreview')}
          disabled={disabled}
          onPick={(m) => onChange({ ...message, previewImageUrl: m.urls.preview ?? m.urls.original })}
        />
      </Group>
      <TextInput
        label={t('composer.videoUrl', { n: index + 1 })}
        description={t('composer.videoUrlHelp')}
        value={message.originalContentUrl}
        onChange={(e) => onChange({ ...message, originalContentUrl: e.currentTarget.value.trim() })}
        error={errorAt(issues, `${base}.originalContentUrl`)}
        disabled={disabled}
      />
      <TextInput
        label={t('composer.videoPreviewUrl', { n: index + 1 })}
        description={t('composer.previewUrlHelp')}
        value={message.previewImageUrl}
        onChange={(e) => onChange({ ...message, previewImageUrl: e.currentTarget.value.trim() })}
        error={errorAt(issues, `${base}.previewImageUrl`)}
        disabled={disabled}
      />
      <TextInput
        label={t('composer.trackingId', { n: index + 1 })}
        description={t('composer.trackingIdHelp')}
        value={message.trackingId ?? ''}
        onChange={(e) => onChange(withTrackingId(message, e.currentTarget.value))}
        error={errorAt(issues, `${base}.trackingId`)}
        disabled={disabled}
        rightSectionWidth={90}
        rightSection={<CharCounter value={message.trackingId ?? ''} max={LIMITS.videoTrackingIdMax} unit="utf16" />}
      />
      <MessageErrors issues={issues} base={base} shown={FIELDS} />
    </Stack>
  );
}
