/** The LINE emulator's public surface: embed it with startEmulator, run it with runEmulatorCli. */
export { startEmulator, type RunningEmulator, type StartEmulatorOptions } from './server.ts';
export { runEmulatorCli, type EmulatorCliOptions } from './main.ts';
export { EmulatorState, type UserState } from './state.ts';
export { StateDirLockedError } from './persist.ts';
export { emulatorConfigSchema, type EmulatorConfig, type EmulatorConfigInput } from './config.ts';
export { signBody, buildWebhookBody, ulid } from './webhooks.ts';
