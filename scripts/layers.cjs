// The layers of src/, top to bottom (docs/architecture.md). A module may import its own layer's folders (within
// the no-cycle rule) and any layer below, never one above. Shared by .dependency-cruiser.cjs (the build's check)
// and scripts/import-graph.mjs (the figures).
/* global module */
'use strict';

/** Each layer: a name and the path patterns (regular expressions over repo-relative paths) it holds. */
const layers = [
  { name: 'entry', paths: ['^src/cli[^/]*\\.ts$', '^src/runtime/'] },
  { name: 'http', paths: ['^src/http/'] },
  { name: 'features', paths: ['^src/(campaigns|delivery|audience|tracking|reporting|admin)/'] },
  { name: 'app', paths: ['^src/app/', '^src/(config|errors)\\.ts$'] },
  { name: 'infrastructure', paths: ['^src/(line|db|security)/'] },
  { name: 'schemas', paths: ['^src/schemas/'] },
  { name: 'domain', paths: ['^src/domain/'] },
];

/** The LINE emulator is LINE's twin, beside the stack: it may import only src/domain (and its own files). */
const emulator = '^src/emulator/';

/**
 * The node a path counts as in the folder graph: src/delivery/render/x.ts → src/delivery. A file directly in src/
 * (cli.ts, config.ts, errors.ts) is a node of its own: they sit in different layers.
 */
function folderOf(p) {
  const m = /^src\/([^/]+)\//.exec(p);
  if (m) return `src/${m[1]}`;
  return /^src\/[^/]+$/.test(p) ? p : null;
}

function layerOf(p) {
  const i = layers.findIndex((l) => l.paths.some((re) => new RegExp(re).test(p)));
  return i < 0 ? null : i;
}

module.exports = { layers, emulator, folderOf, layerOf };
