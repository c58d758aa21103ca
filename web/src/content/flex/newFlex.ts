/**
 * PLACEHOLDER for the Flex card editor's seam (the real one replaces this file): a new Flex message with one empty
 * bubble and no alt text yet.
 */
export function newFlex(): Record<string, unknown> {
  return { type: 'flex', altText: '', contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [] } } };
}
