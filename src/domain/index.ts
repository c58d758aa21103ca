/**
 * The pure domain API shared by the server, the browser UI and the emulator: LINE message rules, Liquid
 * personalization, UTM tagging, LINE ID formats, the campaign life cycle, activation defaults and the pure part of
 * campaign validation. No I/O and no node: imports anywhere below this folder.
 */
export * from './messages/index.ts';
export * from './liquid/index.ts';
export * from './utm/index.ts';
export * from './issues.ts';
export * from './locales.ts';
export * from './time.ts';
export * from './line-ids.ts';
export * from './activation.ts';
export * from './campaign-state.ts';
export * from './campaign-validation.ts';
export * from './schedule-time.ts';
