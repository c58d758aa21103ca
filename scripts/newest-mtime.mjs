/* global */
// The newest modification time under a path (0 if it does not exist): what the build-if-stale checks compare with
// their last build. A folder's own time counts, since deleting a file changes only its folder's time.
import fs from 'node:fs';
import path from 'node:path';

export function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}
