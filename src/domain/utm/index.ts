export { UtmSettingsSchema, UTM_VALUE_MAX, validateUtm, utmParams, type UtmSettings } from './settings.ts';
export { tagUrl } from './tag.ts';
export { findUrls, mapUrls, type FoundUrl, type LinkPlace } from './urls.ts';
export { applyUtm, utmTagger } from './apply.ts';
