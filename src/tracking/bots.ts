/**
 * Link-preview fetchers, crawlers and HTTP libraries: their hits are recorded (is_bot) but never counted as
 * clicks. LINE's own URL preview fetches with "facebookexternalhit/1.1;line-poker/1.0"; LINE's in-app browser
 * ("… Line/13.x …") is a person and is counted. Plain HTTP clients (curl, wget, python-requests, Go, Java,
 * node-fetch, axios) are counted as bots: people open links in browsers, scripts and scanners do not.
 * An empty User-Agent is a bot too.
 */
const BOT_PATTERN = new RegExp(
  [
    '(?<!cu)bot\\b',
    'bot/',
    'crawler',
    'spider',
    'preview',
    'facebookexternalhit',
    'facebookcatalog',
    'line-poker',
    'twitterbot',
    'slackbot',
    'slack-imgproxy',
    'linkedinbot',
    'discordbot',
    'telegrambot',
    'whatsapp',
    'skypeuripreview',
    'googlebot',
    'google-inspectiontool',
    'bingbot',
    'bingpreview',
    'applebot',
    'yandex',
    'baiduspider',
    'duckduckbot',
    'embedly',
    'pinterest',
    'redditbot',
    'vkshare',
    'w3c_validator',
    'headlesschrome',
    'phantomjs',
    'lighthouse',
    'curl/',
    'wget/',
    'python-requests',
    'python-urllib',
    'aiohttp',
    'go-http-client',
    'java/',
    'okhttp',
    'node-fetch',
    'undici',
    'axios/',
    'httpclient',
    'libwww-perl',
    'scrapy',
    'postmanruntime',
    'insomnia',
    'microsoft office',
    'outlook',
    'mediapartners',
    'adsbot',
  ].join('|'),
  'i',
);

export function isBot(userAgent: string | undefined | null): boolean {
  if (!userAgent || !userAgent.trim()) return true;
  return BOT_PATTERN.test(userAgent);
}
