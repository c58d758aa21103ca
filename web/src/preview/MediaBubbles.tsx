/**
 * Image, video and sticker messages as LINE's chat draws them: pictures with rounded corners and no bubble around
 * them, a video as its preview picture with a play mark, a sticker on its own at sticker size.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StickerImage } from './StickerImage.tsx';
import { stickerImageUrl } from './stickerUrl.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const RADIUS = 14;

/** A picture from an https URL, or a grey box saying why there is none to show (not https yet, or unreachable). */
function Picture({ url, alt, 'data-testid': testId }: { url: string; alt: string; 'data-testid': string }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState<string | null>(null);
  const usable = /^https:\/\//.test(url) && broken !== url;
  if (!usable)
    return (
      <div
        data-testid={testId}
        style={{ width: 200, height: 140, borderRadius: RADIUS, background: '#e9ecef', display: 'grid', placeItems: 'center', padding: 8 }}
      >
        <span style={{ fontSize: 12, color: '#555', textAlign: 'center' }}>
          {url ? t('composer.previewUnreachable') : t('composer.previewNoImage')}
        </span>
      </div>
    );
  return (
    <img
      data-testid={testId}
      src={url}
      alt={alt}
      onError={() => setBroken(url)}
      style={{ display: 'block', maxWidth: 200, maxHeight: 260, borderRadius: RADIUS, objectFit: 'cover' }}
    />
  );
}

export function ImageBubble({ m }: { m: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <div data-testid="bubble-image">
      <Picture url={str(m.previewImageUrl)} alt={t('composer.previewImage')} data-testid="bubble-image-picture" />
    </div>
  );
}

export function VideoBubble({ m }: { m: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <div data-testid="bubble-video" style={{ position: 'relative', width: 'fit-content' }}>
      <Picture url={str(m.previewImageUrl)} alt={t('composer.previewVideo')} data-testid="bubble-video-picture" />
      <div
        data-testid="play-mark"
        aria-hidden
        style={{
          position: 'absolute',
          inset: 0,
          display: 'grid',
          placeItems: 'center',
          pointerEvents: 'none',
        }}
      >
        <span
          style={{
            width: 44,
            height: 44,
            borderRadius: '50%',
            background: 'rgba(0,0,0,0.55)',
            border: '2px solid #fff',
            color: '#fff',
            display: 'grid',
            placeItems: 'center',
            fontSize: 18,
            paddingLeft: 3,
          }}
        >
          ▶
        </span>
      </div>
    </div>
  );
}

/** No bubble: LINE shows a sticker on the chat background, about 150 px. */
export function StickerBubble({ m }: { m: Record<string, unknown> }) {
  const packageId = str(m.packageId);
  const stickerId = str(m.stickerId);
  return (
    <div data-testid="bubble-sticker" data-package={packageId} data-sticker={stickerId}>
      <StickerImage sticker={{ stickerId, previewUrl: stickerImageUrl(packageId, stickerId) }} size={120} />
    </div>
  );
}
