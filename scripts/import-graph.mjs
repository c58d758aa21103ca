#!/usr/bin/env node
// Prints the import graph's architecture figures: folders of src/ that sit in a cycle, imports that run up the
// layers (scripts/layers.cjs), emulator imports outside src/domain, and web/src imports of server code other
// than the declared shared place (src/domain, src/schemas). Run: node scripts/import-graph.mjs [--list]
// The build's check is `npm run lint:deps` (.dependency-cruiser.cjs); this script only counts.
/* global process, console */
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const { layers, emulator, folderOf, layerOf } = require('./layers.cjs');
const list = process.argv.includes('--list');

const roots = ['src', 'web/src'];
const result = await cruise(roots, {
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: 'node_modules' },
  tsConfig: { fileName: 'tsconfig.json' },
});
const edges = [];
for (const m of result.output.modules) {
  for (const d of m.dependencies) {
    if (d.coreModule || d.couldNotResolve || (!d.resolved.startsWith('src/') && !d.resolved.startsWith('web/src/'))) continue;
    edges.push({ from: m.source, to: d.resolved });
  }
}
const srcEdges = edges.filter((e) => e.from.startsWith('src/') && e.to.startsWith('src/'));

// Folder graph and its strongly connected components (Tarjan).
const graph = new Map();
for (const { from, to } of srcEdges) {
  const a = folderOf(from);
  const b = folderOf(to);
  if (!a || !b || a === b) continue;
  if (!graph.has(a)) graph.set(a, new Set());
  if (!graph.has(b)) graph.set(b, new Set());
  graph.get(a).add(b);
}
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
const sccs = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) sccs.push(c.sort());
  }
}
for (const v of graph.keys()) if (!idx.has(v)) strong(v);
const inCycles = sccs.flat();
// Imports that close a cycle: edges between two folders of one component.
const cycleEdges = srcEdges.filter((e) =>
  sccs.some((c) => c.includes(folderOf(e.from)) && c.includes(folderOf(e.to)) && folderOf(e.from) !== folderOf(e.to)),
);

const upward = srcEdges.filter((e) => {
  const a = layerOf(e.from);
  const b = layerOf(e.to);
  return a !== null && b !== null && b < a;
});
const emu = new RegExp(emulator);
const emulatorOut = srcEdges.filter((e) => emu.test(e.from) && !emu.test(e.to) && !e.to.startsWith('src/domain/'));
const webOut = edges.filter((e) => e.from.startsWith('web/src/') && e.to.startsWith('src/') && !/^src\/(domain|schemas)\//.test(e.to));
const unplaced = [...new Set(srcEdges.flatMap((e) => [e.from, e.to]))].filter((p) => layerOf(p) === null && !emu.test(p));

console.log(`folders in cycles: ${inCycles.length}${inCycles.length ? ` (${sccs.map((c) => c.join(' ↔ ')).join('; ')})` : ''}`);
console.log(`imports between folders of one cycle: ${cycleEdges.length}`);
console.log(`imports that run up the layers (${layers.map((l) => l.name).join(' > ')}): ${upward.length}`);
console.log(`emulator imports outside src/domain: ${emulatorOut.length}`);
console.log(`web/src imports of src/ outside src/domain and src/schemas: ${webOut.length}`);
if (unplaced.length) console.log(`files in no layer: ${unplaced.join(', ')}`);
if (list) {
  const show = (title, es) => es.length && console.log(`\n${title}:\n${es.map((e) => `  ${e.from} → ${e.to}`).join('\n')}`);
  show('upward imports', upward);
  show('imports inside folder cycles', cycleEdges);
  show('emulator imports outside src/domain', emulatorOut);
  show('web/src imports outside the shared place', webOut);
}
