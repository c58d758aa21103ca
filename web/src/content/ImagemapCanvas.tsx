import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { actionLabel, clampArea, rectFrom, type Area, type ImagemapDraft } from './drafts.ts';

type Drag =
  | { kind: 'draw'; start: { x: number; y: number }; now: { x: number; y: number } }
  | { kind: 'move'; index: number; offset: { x: number; y: number }; area: Area };

/** The URL LINE fetches for a 1040-wide screen: baseUrl + "/1040". */
export const imageUrl = (baseUrl: string) => (/^https:\/\//.test(baseUrl) ? `${baseUrl.replace(/\/+$/, '')}/1040` : null);

/**
 * The imagemap image with its tap areas. Editable: drag on empty space to draw an area, drag an area to move it.
 * Coordinates are in LINE's base space (1040 wide), whatever the on-screen width.
 */
export function ImagemapCanvas({
  message,
  selected,
  onSelect,
  onChange,
  editable,
  width = '100%',
}: {
  message: ImagemapDraft;
  selected?: number | null;
  onSelect?(i: number | null): void;
  onChange?(m: ImagemapDraft): void;
  editable: boolean;
  width?: number | string;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [broken, setBroken] = useState<string | null>(null);
  const size = message.baseSize;
  const src = imageUrl(message.baseUrl);

  function toBase(e: ReactPointerEvent): { x: number; y: number } {
    const r = box.current!.getBoundingClientRect();
    const k = size.width / (r.width || 1);
    return {
      x: Math.max(0, Math.min(size.width, (e.clientX - r.left) * k)),
      y: Math.max(0, Math.min(size.height, (e.clientY - r.top) * k)),
    };
  }
  function down(e: ReactPointerEvent, index: number | null) {
    if (!editable || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    box.current?.setPointerCapture?.(e.pointerId);
    const p = toBase(e);
    if (index === null) {
      setDrag({ kind: 'draw', start: p, now: p });
      onSelect?.(null);
    } else {
      const a = message.actions[index]!.area;
      setDrag({ kind: 'move', index, offset: { x: p.x - a.x, y: p.y - a.y }, area: a });
      onSelect?.(index);
    }
  }
  function move(e: ReactPointerEvent) {
    if (!drag) return;
    const p = toBase(e);
    if (drag.kind === 'draw') setDrag({ ...drag, now: p });
    else setDrag({ ...drag, area: clampArea({ ...drag.area, x: p.x - drag.offset.x, y: p.y - drag.offset.y }, size) });
  }
  function up() {
    if (!drag || !onChange) return setDrag(null);
    if (drag.kind === 'draw') {
      const r = rectFrom(drag.start, drag.now);
      // A click (not a drag) does not create a sliver of an area.
      if (r.width >= 20 && r.height >= 20) {
        const actions = [...message.actions, { type: 'uri' as const, linkUri: 'https://', area: clampArea(r, size) }];
        onChange({ ...message, actions });
        onSelect?.(actions.length - 1);
      }
    } else {
      onChange({ ...message, actions: message.actions.map((a, i) => (i === drag.index ? { ...a, area: drag.area } : a)) });
    }
    setDrag(null);
  }

  const pct = (n: number, of: number) => `${(n / of) * 100}%`;
  const areas = message.actions.map((a, i) => (drag?.kind === 'move' && drag.index === i ? { ...a, area: drag.area } : a));
  const drawing = drag?.kind === 'draw' ? rectFrom(drag.start, drag.now) : null;

  return (
    <Box
      ref={box}
      w={width}
      pos="relative"
      style={{
        aspectRatio: `${size.width} / ${size.height || 1}`,
        background: '#e9ecef',
        overflow: 'hidden',
        userSelect: 'none',
        cursor: editable ? 'crosshair' : 'default',
        touchAction: 'none',
      }}
      onPointerDown={(e) => down(e, null)}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => setDrag(null)}
      data-testid="imagemap-canvas"
      aria-label={message.altText || t('imagemap.image')}
      role="img"
    >
      {src && broken !== src ? (
        <img
          src={src}
          alt=""
          draggable={false}
          onError={() => setBroken(src)}
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'fill', pointerEvents: 'none' }}
        />
      ) : (
        <Text size="xs" c="dimmed" ta="center" pos="absolute" top="45%" w="100%">
          {src ? t('imagemap.unreachable') : t('imagemap.enterUrl')}
        </Text>
      )}
      {areas.map((a, i) => (
        <div
          key={i}
          onPointerDown={(e) => down(e, i)}
          title={actionLabel(a, t)}
          data-testid="tap-area"
          style={{
            position: 'absolute',
            left: pct(a.area.x, size.width),
            top: pct(a.area.y, size.height),
            width: pct(a.area.width, size.width),
            height: pct(a.area.height, size.height),
            border: `2px ${selected === i ? 'solid' : 'dashed'} ${a.type === 'uri' ? '#1c7ed6' : '#e8590c'}`,
            background: selected === i ? 'rgba(28,126,214,0.18)' : 'rgba(255,255,255,0.12)',
            cursor: editable ? 'move' : 'default',
            boxSizing: 'border-box',
          }}
        >
          <span
            style={{
              position: 'absolute',
              left: 2,
              top: 2,
              right: 2,
              fontSize: 10,
              lineHeight: 1.2,
              background: 'rgba(0,0,0,0.6)',
              color: '#fff',
              padding: '1px 3px',
              borderRadius: 3,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
            }}
          >
            {i + 1}. {actionLabel(a, t)}
          </span>
        </div>
      ))}
      {drawing && (
        <div
          style={{
            position: 'absolute',
            left: pct(drawing.x, size.width),
            top: pct(drawing.y, size.height),
            width: pct(drawing.width, size.width),
            height: pct(drawing.height, size.height),
            border: '2px dashed #2f9e44',
            background: 'rgba(47,158,68,0.15)',
          }}
        />
      )}
    </Box>
  );
}
