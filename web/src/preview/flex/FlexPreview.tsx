import { Component, type CSSProperties, type ReactNode } from 'react';
import { BUBBLE_WIDTH, DEFAULTS, color, isObj } from './measures.ts';
import { Box, FlexNode } from './components.tsx';

type Obj = Record<string, unknown>;
const BLOCKS = ['header', 'hero', 'body', 'footer'] as const;
type Block = (typeof BLOCKS)[number];

/** Default padding of each block's box (LINE's: 20px for header and body, 10px for the footer; small bubbles less). */
function blockPadding(block: Block, size: string): number | undefined {
  if (block === 'hero') return undefined;
  if (block === 'footer') return 10;
  return size === 'nano' || size === 'micro' ? 10 : 20;
}

function Bubble({ b, inCarousel }: { b: Obj; inCarousel: boolean }) {
  const size = typeof b.size === 'string' && b.size in BUBBLE_WIDTH ? b.size : DEFAULTS.bubbleSize;
  const styles = isObj(b.styles) ? b.styles : {};
  const shown = BLOCKS.filter((k) => isObj(b[k]));
  const width = BUBBLE_WIDTH[size]!;
  const style: CSSProperties = {
    width,
    flex: 'none',
    maxWidth: inCarousel ? undefined : '100%',
    background: '#ffffff',
    borderRadius: 12,
    overflow: 'hidden',
    display: 'flex',
    flexDirection: 'column',
  };
  return (
    <div data-flex="bubble" data-size={size} dir={b.direction === 'rtl' ? 'rtl' : 'ltr'} style={style}>
      {shown.map((k, i) => {
        const node = b[k] as Obj;
        const s = isObj(styles[k]) ? (styles[k] as Obj) : {};
        const sep = i > 0 && s.separator === true ? `1px solid ${color(s.separatorColor) ?? '#d4d6da'}` : undefined;
        return (
          <div
            key={k}
            data-block={k}
            style={{
              background: color(s.backgroundColor),
              borderTop: sep,
              flex: k === 'body' ? '1 0 auto' : 'none',
              display: 'flex',
              flexDirection: 'column',
            }}
          >
            {node.type === 'box' ? <Box n={node} padding={blockPadding(k, size)} /> : <FlexNode n={node} />}
          </div>
        );
      })}
    </div>
  );
}

/** Whatever went wrong drawing odd JSON stays inside the preview: the rest of the page keeps working. */
class Guard extends Component<{ of: unknown; children: ReactNode }, { failed: boolean; of: unknown }> {
  override state = { failed: false, of: this.props.of };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  // a new message gets a new try
  static getDerivedStateFromProps(props: { of: unknown }, state: { of: unknown }) {
    return props.of === state.of ? null : { failed: false, of: props.of };
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** The message's container: a Flex message's `contents`, or a bare bubble or carousel. */
function containerOf(message: Obj): Obj | null {
  if (message.type === 'bubble' || message.type === 'carousel') return message;
  return isObj(message.contents) ? message.contents : null;
}

/**
 * A Flex message as LINE draws it in the chat: one bubble, or a carousel of bubbles side by side that scrolls
 * sideways, all as tall as the tallest with footers at the bottom.
 */
export function FlexPreview({ message }: { message: Record<string, unknown> }) {
  const c = containerOf(message);
  const bubbles = !c ? [] : c.type === 'bubble' ? [c] : c.type === 'carousel' && Array.isArray(c.contents) ? c.contents.filter(isObj) : [];
  const carousel = c?.type === 'carousel';
  return (
    <div
      data-testid="bubble-flex"
      data-flex={carousel ? 'carousel' : 'single'}
      style={{
        display: 'flex',
        gap: 8,
        alignItems: 'stretch',
        overflowX: carousel ? 'auto' : 'visible',
        maxWidth: '100%',
        fontFamily: 'Helvetica, Arial, "Hiragino Sans", "Noto Sans JP", "Noto Sans Thai", sans-serif',
        paddingBottom: carousel ? 4 : 0,
      }}
    >
      <Guard of={c}>
        {bubbles.map((b, i) => (
          <Bubble key={i} b={b} inCarousel={carousel} />
        ))}
      </Guard>
    </div>
  );
}
