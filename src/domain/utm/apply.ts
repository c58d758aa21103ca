import type { LineMessage } from '../messages/schemas.ts';
import { utmParams } from './settings.ts';
import { tagUrl } from './tag.ts';
import { mapUrls } from './urls.ts';

/**
 * Tags every http(s) link of the (rendered) messages with the campaign's UTM parameters. Throws if the
 * settings are invalid: run validateUtm at launch so this never happens during delivery.
 */
export function applyUtm(messages: LineMessage[], utm: unknown, ctx: { campaign: { id: string; name: string } }): LineMessage[] {
  const params = utmParams(utm, ctx);
  return mapUrls(messages, (url) => tagUrl(url, params));
}

/** applyUtm with the settings read once: for rendering the same campaign many times. */
export function utmTagger(utm: unknown, ctx: { campaign: { id: string; name: string } }): (messages: LineMessage[]) => LineMessage[] {
  const params = utmParams(utm, ctx);
  return (messages) => mapUrls(messages, (url) => tagUrl(url, params));
}
