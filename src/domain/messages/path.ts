/** LINE's `property` path format, apart from the schemas so rendering can use it without loading them. */

/** `['actions', 3, 'area', 'x']` under `messages[1]` → `messages[1].actions[3].area.x` (LINE's `property` format). */
export function formatPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}
