/** PLACEHOLDER for the Flex preview's seam (the real bubble and carousel renderer replaces this file): the alt text in a box. */
import type { JSX } from 'react';
export function FlexPreview({ message }: { message: Record<string, unknown> }): JSX.Element {
  return (
    <div data-testid="bubble-flex" style={{ background: '#fff', borderRadius: 16, padding: 12, width: 220, fontSize: 13, color: '#111' }}>
      {typeof message.altText === 'string' ? message.altText : ''}
    </div>
  );
}
