import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotSticker } from '../api/types.ts';

/** A sticker's picture from LINE's sticker CDN; its ID in words when the picture cannot load (offline, blocked). */
export function StickerImage({ sticker, size }: { sticker: Pick<BotSticker, 'stickerId' | 'previewUrl'>; size: number }) {
  const { t } = useTranslation();
  // the URL that failed, so another sticker's picture is tried again
  const [broken, setBroken] = useState<string | null>(null);
  const alt = t('sticker.image', { id: sticker.stickerId });
  if (broken === sticker.previewUrl || !sticker.previewUrl)
    return (
      <span style={{ fontSize: 11, color: '#555', width: size, display: 'inline-block', textAlign: 'center' }}>
        {t('sticker.idOnly', { id: sticker.stickerId })}
      </span>
    );
  return (
    <img
      src={sticker.previewUrl}
      alt={alt}
      width={size}
      height={size}
      style={{ objectFit: 'contain' }}
      onError={() => setBroken(sticker.previewUrl)}
    />
  );
}
