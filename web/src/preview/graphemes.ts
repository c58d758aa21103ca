let segmenter: Intl.Segmenter | undefined;

/** A string split into what a reader sees as characters (grapheme clusters). */
export function graphemes(s: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

/** At most `max` visible characters, with an ellipsis when cut; never cuts inside a character. */
export function truncateText(s: string, max: number): string {
  const g = graphemes(s);
  return g.length > max ? `${g.slice(0, max - 1).join('')}…` : s;
}
