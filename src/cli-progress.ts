/**
 * The line `linecast import` keeps rewriting on a terminal: rows so far, rows a second, and — when the size of the
 * input is known — how far through the file it is and the time left, estimated from the bytes read so far.
 */
export interface ProgressSample {
  rows: number;
  /** Bytes of the input read so far (the file as stored, so a .gz file's own size is the total). */
  bytes: number;
  /** Total bytes, when the input is a file; null for standard input. */
  total: number | null;
  elapsedMs: number;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export function progressLine(p: ProgressSample): string {
  const secs = Math.max(p.elapsedMs, 1) / 1000;
  const parts = [`${int.format(p.rows)} rows`, `${int.format(p.rows / secs)} rows/s`];
  if (p.total && p.total > 0) {
    const done = Math.min(1, p.bytes / p.total);
    parts.push(`${Math.floor(done * 100)}%`);
    if (p.bytes > 0 && done < 1) parts.push(`about ${formatDuration(((p.total - p.bytes) * secs) / p.bytes)} left`);
  }
  return parts.join(' · ');
}

/**
 * Rewrites one status line on `out` (a terminal) at most every `everyMs`; `done` leaves the last one standing with a
 * newline. On anything but a terminal it writes nothing, so pipes and logs keep only the final JSON result.
 */
export function terminalProgress(out: NodeJS.WriteStream, total: number | null, everyMs = 200, now = () => Date.now()) {
  const start = now();
  let last = 0;
  let shown = false;
  const write = (s: ProgressSample) => {
    out.write(`\r\x1b[2K${progressLine(s)}`);
    shown = true;
  };
  return {
    update(rows: number, bytes: number) {
      if (!out.isTTY) return;
      const t = now();
      if (t - last < everyMs) return;
      last = t;
      write({ rows, bytes, total, elapsedMs: t - start });
    },
    done(rows: number, bytes: number) {
      if (!out.isTTY) return;
      write({ rows, bytes, total, elapsedMs: now() - start });
      if (shown) out.write('\n');
    },
  };
}
