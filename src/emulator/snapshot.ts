/** The snapshot file: the whole emulator state as records of events.ts's SnapshotRecord, one a line. */
import { writeSync } from 'node:fs';
import type { SnapshotRecord } from './events.ts';
import type { EmulatorState, UserState } from './state.ts';

const CHUNK = 5000;

/** Writes every record in ~1 MB batches; returns the bytes written. */
export function writeSnapshot(fd: number, state: EmulatorState, gen: number): number {
  let buf = '';
  let bytes = 0;
  const put = (r: SnapshotRecord) => {
    buf += JSON.stringify(r) + '\n';
    if (buf.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += writeSync(fd, buf);
    buf = '';
  };
  const now = state.now();
  put({ t: 'snap', v: 1, gen, at: now });
  for (const [ch, c] of state.channels) {
    put({
      t: 'chan',
      ch,
      hint: c.hint,
      consumption: c.consumption,
      daily: [...c.daily],
      units: [...c.units].map(([name, u]) => [name, [...u.byDate], u.messages]),
    });
  }
  const byState: Record<UserState, string[]> = { following: [], blocked: [], unknown: [] };
  const flushUsers = () => {
    put({ t: 'users', following: byState.following, blocked: byState.blocked, unknown: byState.unknown });
    byState.following = [];
    byState.blocked = [];
    byState.unknown = [];
  };
  let n = 0;
  for (const [id, s] of state.users) {
    byState[s].push(id);
    if (++n % CHUNK === 0) flushUsers();
  }
  if (n % CHUNK) flushUsers();
  let keys: Extract<SnapshotRecord, { t: 'keys' }>['keys'] = [];
  for (const [ch, key, e] of state.retryKeys.entries(now)) {
    if (!e.requestId) keys.push([ch, key, e.firstAt]);
    else if (!e.sentMessages) keys.push([ch, key, e.firstAt, e.requestId]);
    else keys.push([ch, key, e.firstAt, e.requestId, e.sentMessages]);
    if (keys.length >= CHUNK) {
      put({ t: 'keys', keys });
      keys = [];
    }
  }
  if (keys.length) put({ t: 'keys', keys });
  for (const [rec, to] of state.log.requestsWithRecipients()) put({ t: 'req', rec, to });
  let ids: string[] = [];
  let counts: number[] = [];
  for (const [id, c] of state.log.countEntries()) {
    ids.push(id);
    counts.push(c);
    if (ids.length >= CHUNK) {
      put({ t: 'counts', ids, n: counts });
      ids = [];
      counts = [];
    }
  }
  if (ids.length) put({ t: 'counts', ids, n: counts });
  put({ t: 'totals', delivered: state.log.total, seq: state.messageSeq });
  flush();
  return bytes;
}

/** Loads a snapshot into a fresh state; returns its generation (0 when the file holds none). */
export function readSnapshot(buf: Buffer, state: EmulatorState, now: number): number {
  let gen = 0;
  let delivered: number | null = null;
  for (const { line } of lines(buf)) {
    const r = JSON.parse(line) as SnapshotRecord;
    switch (r.t) {
      case 'snap':
        gen = r.gen;
        break;
      case 'chan': {
        const c = state.channelById(r.ch, r.hint);
        c.hint = r.hint;
        c.consumption = r.consumption;
        for (const [k, v] of r.daily) c.daily.set(k, v);
        for (const [name, byDate, messages] of r.units) c.units.set(name, { byDate: new Map(byDate), messages });
        break;
      }
      case 'users':
        state.applyUsers(r);
        break;
      case 'keys':
        for (const [ch, key, firstAt, requestId, sentMessages] of r.keys)
          state.retryKeys.restore(
            ch,
            key,
            { firstAt, ...(requestId ? { requestId } : {}), ...(sentMessages ? { sentMessages } : {}) },
            now,
          );
        break;
      case 'req':
        state.log.record(state.config.record, r.to, r.rec);
        break;
      case 'counts':
        for (let i = 0; i < r.ids.length; i++) state.log.restoreCount(r.ids[i]!, r.n[i]!);
        break;
      case 'totals':
        delivered = r.delivered;
        state.messageSeq = r.seq;
        break;
    }
  }
  if (delivered !== null) state.log.total = delivered;
  return gen;
}

/** Lines of a buffer with the offset just past each one's newline; a last line without newline is left out. */
export function* lines(buf: Buffer): Generator<{ line: string; end: number }> {
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) return;
    yield { line: buf.toString('utf8', start, nl), end: nl + 1 };
    start = nl + 1;
  }
}
