#!/usr/bin/env node
// Runs the compiled server (dist/, which `npm start` builds through scripts/build-server.mjs) when it is as new as
// the sources: then no thread loads tsx's module hooks and transpiler. Otherwise the TypeScript sources through tsx,
// so a checkout runs without a build step. LINECAST_FROM_SOURCE=1 always takes the sources.
/* global process */
import { distIsFresh } from '../scripts/build-server.mjs';

if (process.env.LINECAST_FROM_SOURCE !== '1' && distIsFresh()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
