import { Badge, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MediaItem } from '../api/types.ts';
import { fileSize, formatName } from './format.ts';

/** One file: its preview picture when it has one (a play mark over it for a video), its format, pixels and size. */
function Tile({ m, onPick }: { m: MediaItem; onPick(m: MediaItem): void }) {
  const { t, i18n } = useTranslation();
  const size = fileSize(m.bytes, i18n.language);
  const dims = m.width && m.height ? t('media.dimensions', { width: m.width, height: m.height }) : '';
  const label = t('media.pick', { format: formatName(m), size, dims });
  return (
    <UnstyledButton
      onClick={() => onPick(m)}
      aria-label={label}
      data-testid="media-tile"
      data-kind={m.kind}
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, overflow: 'hidden' }}
    >
      <div
        style={{
          height: 110,
          background: m.kind === 'video' ? '#222' : '#f1f3f5',
          display: 'grid',
          placeItems: 'center',
          position: 'relative',
        }}
      >
        {m.urls.preview && (
          <img src={m.urls.preview} alt="" loading="lazy" style={{ maxWidth: '100%', maxHeight: 110, objectFit: 'contain' }} />
        )}
        {m.kind === 'video' && (
          <span aria-hidden style={{ color: '#fff', fontSize: 32, position: 'absolute' }}>
            ▶
          </span>
        )}
      </div>
      <div style={{ padding: 6 }}>
        <Badge size="xs" variant="light">
          {formatName(m)}
        </Badge>
        <Text size="xs" c="dimmed">
          {[dims, size].filter(Boolean).join(' · ')}
        </Text>
      </div>
    </UnstyledButton>
  );
}

export function MediaGrid({ items, onPick }: { items: MediaItem[]; onPick(m: MediaItem): void }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
      {items.map((m) => (
        <Tile key={m.id} m={m} onPick={onPick} />
      ))}
    </SimpleGrid>
  );
}
