/**
 * The pure domain API shared by the server, the browser UI and the emulator: LINE message rules, Liquid
 * personalization and UTM tagging. No I/O and no node: imports anywhere below this folder.
 */
export * from './messages/index.ts';
export * from './liquid/index.ts';
export * from './utm/index.ts';
export * from './issues.ts';
export * from './locales.ts';
export * from './time.ts';
