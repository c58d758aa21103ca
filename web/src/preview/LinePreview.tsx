import { Fragment, type ReactNode } from 'react';
import { Box, Text } from '@mantine/core';
import { ImagemapCanvas } from '../content/ImagemapCanvas.tsx';
import { asImagemap } from '../content/drafts.ts';
import type { LineMessage } from '../lib/domain.ts';
import { useTranslation } from 'react-i18next';
import { graphemes } from './graphemes.ts';
import { ImageBubble, StickerBubble, VideoBubble } from './MediaBubbles.tsx';
import { FlexPreview } from './flex/FlexPreview.tsx';

const URL_RE = /(https?:\/\/[^\s<>"']+)/g;

/** Text as LINE shows it: line breaks kept, links underlined. */
export function TextBubble({ text }: { text: string }) {
  const parts: ReactNode[] = text.split(URL_RE).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} style={{ color: '#1c5fb8', textDecoration: 'underline', wordBreak: 'break-all' }}>
        {part}
      </span>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
  return (
    <div
      data-testid="bubble-text"
      style={{
        background: '#fff',
        borderRadius: 16,
        padding: '8px 12px',
        maxWidth: 220,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        fontSize: 14,
        lineHeight: 1.4,
        color: '#111',
      }}
    >
      {parts}
    </div>
  );
}

function Bubble({ m }: { m: LineMessage }) {
  const { t } = useTranslation();
  if (m.type === 'text') return <TextBubble text={typeof m.text === 'string' ? m.text : ''} />;
  if (m.type === 'imagemap') {
    return (
      <div data-testid="bubble-imagemap" style={{ width: 220, borderRadius: 12, overflow: 'hidden' }}>
        <ImagemapCanvas message={asImagemap(m as never)} editable={false} />
      </div>
    );
  }
  if (m.type === 'image') return <ImageBubble m={m} />;
  if (m.type === 'video') return <VideoBubble m={m} />;
  if (m.type === 'sticker') return <StickerBubble m={m} />;
  if (m.type === 'flex') return <FlexPreview message={m as unknown as Record<string, unknown>} />;
  // a type the domain's message union does not hold: a note, never a crash
  const other: { type: string } = m;
  return <Text size="xs">{t('preview.unsupported', { type: other.type })}</Text>;
}

/** A smartphone with a LINE chat open: the account's avatar and name beside each bubble, in send order. */
export function PhoneFrame({ accountName, messages, footer }: { accountName: string; messages: LineMessage[]; footer?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box
      data-testid="phone-preview"
      aria-label={t('preview.label')}
      role="region"
      style={{
        width: 320,
        borderRadius: 36,
        border: '10px solid #1f1f1f',
        background: '#1f1f1f',
        boxShadow: '0 8px 24px rgba(0,0,0,0.2)',
        overflow: 'hidden',
      }}
    >
      <div
        style={{
          background: '#f7f7f7',
          padding: '10px 14px',
          fontWeight: 600,
          fontSize: 14,
          borderBottom: '1px solid #ddd',
          display: 'flex',
          gap: 8,
          alignItems: 'center',
        }}
      >
        <span aria-hidden>‹</span>
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{accountName}</span>
      </div>
      <div style={{ background: '#8cabd9', minHeight: 460, maxHeight: 640, overflowY: 'auto', padding: '12px 8px' }}>
        {messages.length === 0 && (
          <Text size="sm" c="white" ta="center" mt="xl">
            {t('preview.empty')}
          </Text>
        )}
        {messages.map((m, i) => (
          <div key={i} style={{ display: 'flex', gap: 6, alignItems: 'flex-start', marginBottom: 10 }}>
            <div
              aria-hidden
              style={{
                width: 30,
                height: 30,
                borderRadius: '50%',
                background: '#06c755',
                color: '#fff',
                fontSize: 12,
                display: 'grid',
                placeItems: 'center',
                flex: 'none',
                visibility: i === 0 ? 'visible' : 'hidden',
              }}
            >
              {/* the first character as a reader sees it: never half an emoji or a Thai mark alone */}
              {(graphemes(accountName)[0] ?? '').toUpperCase()}
            </div>
            <div>
              {i === 0 && <div style={{ fontSize: 11, color: '#fff', marginBottom: 2 }}>{accountName}</div>}
              <Bubble m={m} />
            </div>
          </div>
        ))}
      </div>
      {footer && <div style={{ background: '#fff', padding: 8 }}>{footer}</div>}
    </Box>
  );
}
