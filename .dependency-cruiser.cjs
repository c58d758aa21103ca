/* global module, require */
// The import rules of docs/architecture.md, checked by `npm run lint:deps` (part of `npm test`'s lint step).
// Layers (top to bottom) come from scripts/layers.cjs: a module may import its own layer and any layer below,
// never one above; folders never import each other in a cycle; the emulator imports only src/domain; the UI
// (web/src) imports server code only from src/domain and src/schemas.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- dependency-cruiser loads this config as CommonJS
const { layers, emulator } = require('./scripts/layers.cjs');

const any = (patterns) => patterns.map((p) => `(${p})`).join('|');

/**
 * Known exceptions, each named with the work that removes it. Keep this list short and explicit: an entry here
 * is a rule knowingly not yet met, not a rule relaxed.
 */
const exceptions = {
  // (Gone with "one home per rule": the domain imported schemas/campaign.ts for the campaign states, which made the
  // only upward import and the domain/schemas folder cycle; the states live in src/domain now.)
  upward: [],
  // (The UI's imports of the Progress and report shapes from server folders are gone: they live in src/schemas.)
  web: [],
  folderCycles: [],
};

const upwardRules = layers.slice(1).map((layer, i) => {
  const above = layers.slice(0, i + 1);
  const excepted = exceptions.upward.filter((e) => e.layer === layer.name);
  return {
    name: `no-upward-from-${layer.name}`,
    comment: `${layer.name} may not import ${above.map((l) => l.name).join(', ')} (layers: docs/architecture.md)`,
    severity: 'error',
    from: { path: any(layer.paths), ...(excepted.length ? { pathNot: any(excepted.map((e) => e.from)) } : {}) },
    to: { path: any(above.flatMap((l) => l.paths)) },
  };
});

// Each excepted file keeps every other upward import forbidden: it may reach up to its one listed file only.
const exceptionRules = exceptions.upward.map((e) => {
  const above = layers.slice(
    0,
    layers.findIndex((l) => l.name === e.layer),
  );
  return {
    name: `no-upward-from-${e.layer}-exception`,
    comment: `${e.from} may import up only ${e.to} (a listed exception)`,
    severity: 'error',
    from: { path: e.from },
    to: { path: any(above.flatMap((l) => l.paths)), pathNot: e.to },
  };
});

module.exports = {
  forbidden: [
    ...upwardRules,
    ...exceptionRules,
    {
      name: 'no-folder-cycles',
      comment: 'folders of src/ may not import each other in a loop (give one side a port in src/app/ports.ts instead)',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/', ...(exceptions.folderCycles.length ? { pathNot: any(exceptions.folderCycles) } : {}) },
      to: { circular: true },
    },
    {
      name: 'emulator-imports-only-domain',
      comment: "the emulator is LINE's twin: it shares only the pure rules of src/domain with Linecast",
      severity: 'error',
      from: { path: emulator },
      to: { path: '^src/', pathNot: `${emulator}|^src/domain/` },
    },
    {
      name: 'only-the-entry-layer-imports-the-emulator',
      comment: 'Linecast talks to the emulator over HTTP like to LINE; only the entry layer starts it (sandbox, `linecast emulator`)',
      severity: 'error',
      from: { path: '^src/', pathNot: `${emulator}|^src/runtime/|^src/cli[^/]*\\.ts$` },
      to: { path: emulator },
    },
    {
      name: 'web-imports-only-shared',
      comment: 'web/src imports server code only from the declared shared place: src/domain and src/schemas',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: any(['^src/domain/', '^src/schemas/', ...exceptions.web]) },
    },
    {
      name: 'no-unresolvable',
      comment: 'a relative import the checker cannot resolve would slip past every rule above',
      severity: 'error',
      from: { path: '^(src|web/src)/' },
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    // Type-only imports count: they tie folders together just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
  },
};
