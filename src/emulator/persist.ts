/**
 * The emulator's memory on disk, so a restart (even kill -9) keeps what LINE would remember: retry keys with
 * their first-request time, what each user received, usage per channel, units, daily counts, user states.
 *
 * Format: an append-only journal (`journal.ndjson`, one state change a line, written with a synchronous
 * write(2) before the HTTP answer leaves, so an answered request survives the process being killed) and a
 * snapshot (`snapshot.ndjson`) that compaction rewrites when the journal has grown past the snapshot (and a
 * floor). Each file starts with a generation number: compaction writes the new snapshot (generation g+1) to a
 * temporary file, fsyncs and renames it, then starts a new journal of generation g+1; a journal whose
 * generation differs from the snapshot's is already inside it and is dropped. The journal is fdatasync'ed once
 * a second, so an operating-system crash loses at most that second; a process crash loses nothing.
 */
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { AcceptEvent, StateEvent } from './events.ts';
import type { EmulatorState } from './state.ts';
import { lines, readSnapshot, writeSnapshot } from './snapshot.ts';

export interface PersistOptions {
  /** Directory for the journal, the snapshot and a lock file. */
  dir: string;
  /** Compact once the journal is larger than this and than the last snapshot (bytes, default 64 MiB). */
  compactBytes?: number;
}

/** Directories open in this process, so a second emulator on the same directory is refused. */
const openHere = new Set<string>();

export class StateDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`The emulator state directory ${dir} is in use by process ${pid}`);
    this.name = 'StateDirLockedError';
  }
}

export class StateStore {
  private fd = -1;
  private gen = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly compactBytes: number;
  private readonly dir: string;

  private constructor(
    private readonly state: EmulatorState,
    opts: PersistOptions,
  ) {
    this.dir = path.resolve(opts.dir);
    this.compactBytes = opts.compactBytes ?? 64 * 1024 * 1024;
  }

  private get journalPath() {
    return path.join(this.dir, 'journal.ndjson');
  }
  private get snapshotPath() {
    return path.join(this.dir, 'snapshot.ndjson');
  }
  private get lockPath() {
    return path.join(this.dir, 'lock');
  }

  /** Takes the directory, loads what it holds into `state`, and journals every later change. */
  static open(state: EmulatorState, opts: PersistOptions): StateStore {
    const store = new StateStore(state, opts);
    store.lock();
    try {
      store.load();
    } catch (e) {
      store.unlock();
      throw e;
    }
    state.sink = store;
    store.timer = setInterval(() => store.sync(), 1000);
    store.timer.unref();
    return store;
  }

  append(ev: StateEvent): void {
    if (ev.t === 'reset') return this.compact();
    const line = JSON.stringify(ev) + '\n';
    writeSync(this.fd, line);
    this.journalBytes += line.length;
    this.dirty = true;
    if (this.journalBytes > this.compactBytes && this.journalBytes > this.snapshotBytes) this.compact();
  }

  /** Rewrites the state as a snapshot of the next generation and starts an empty journal. */
  compact(): void {
    const gen = this.gen + 1;
    const tmp = this.snapshotPath + '.tmp';
    const fd = openSync(tmp, 'w');
    try {
      this.snapshotBytes = writeSnapshot(fd, this.state, gen);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotPath);
    this.syncDir();
    this.gen = gen;
    this.newJournal();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.fd >= 0) {
      fdatasyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
    }
    if (this.state.sink === this) this.state.sink = null;
    this.unlock();
  }

  private sync(): void {
    if (!this.dirty || this.fd < 0) return;
    this.dirty = false;
    fdatasync(this.fd, () => {});
  }

  private load(): void {
    const state = this.state;
    let snapGen = 0;
    if (existsSync(this.snapshotPath)) {
      const buf = readFileSync(this.snapshotPath);
      this.snapshotBytes = buf.length;
      snapGen = readSnapshot(buf, state, state.now());
    }
    this.gen = snapGen;
    if (!existsSync(this.journalPath)) return this.newJournal();
    const buf = readFileSync(this.journalPath);
    let good = 0;
    let header: { t?: string; gen?: number } | null = null;
    for (const { line, end } of lines(buf)) {
      let ev: StateEvent | { t: 'journal'; gen: number };
      try {
        ev = JSON.parse(line) as StateEvent | { t: 'journal'; gen: number };
      } catch {
        break; // a line cut by a crash (or anything after it) is dropped
      }
      if (header === null) {
        if (ev.t !== 'journal' || ev.gen !== snapGen) return this.newJournal(); // already inside the snapshot
        header = ev;
      } else replay(state, ev as StateEvent);
      good = end;
    }
    if (header === null) return this.newJournal();
    this.fd = openSync(this.journalPath, 'r+');
    if (fstatSync(this.fd).size > good) ftruncateSync(this.fd, good);
    closeSync(this.fd);
    this.fd = openSync(this.journalPath, 'a');
    this.journalBytes = good;
    if (this.journalBytes > this.compactBytes && this.journalBytes > this.snapshotBytes) this.compact();
  }

  private newJournal(): void {
    if (this.fd >= 0) closeSync(this.fd);
    const tmp = this.journalPath + '.tmp';
    const header = JSON.stringify({ t: 'journal', gen: this.gen }) + '\n';
    writeFileSync(tmp, header);
    renameSync(tmp, this.journalPath);
    this.syncDir();
    this.fd = openSync(this.journalPath, 'a');
    this.journalBytes = header.length;
  }

  private syncDir(): void {
    try {
      const d = openSync(this.dir, 'r');
      try {
        fdatasyncSync(d);
      } finally {
        closeSync(d);
      }
    } catch {
      // Not every platform can fsync a directory; the rename itself is still atomic.
    }
  }

  /** One process per directory. A lock left by a dead process (kill -9) is taken over at once. */
  private lock(): void {
    mkdirSync(this.dir, { recursive: true });
    if (openHere.has(this.dir)) throw new StateDirLockedError(this.dir, process.pid);
    try {
      writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = 0;
      try {
        pid = Number(readFileSync(this.lockPath, 'utf8').trim());
      } catch {
        // removed meanwhile: take it
      }
      if (pid && pid !== process.pid && alive(pid)) throw new StateDirLockedError(this.dir, pid);
      writeFileSync(this.lockPath, String(process.pid));
    }
    openHere.add(this.dir);
  }

  private unlock(): void {
    openHere.delete(this.dir);
    try {
      if (readFileSync(this.lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(this.lockPath);
    } catch {
      // already gone
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function replay(state: EmulatorState, ev: StateEvent): void {
  switch (ev.t) {
    case 'acc':
      return state.applyAccept(ev as AcceptEvent, true);
    case 'seen':
      return state.retryKeys.restore(ev.ch, ev.key, { firstAt: ev.first }, state.now());
    case 'users':
      return state.applyUsers(ev);
    case 'usage':
      state.channelById(ev.ch).consumption = ev.v;
      return;
    case 'ch':
      state.channelById(ev.ch, ev.hint).hint = ev.hint;
      return;
    case 'reset':
      return; // a reset compacts at once, so it never stays in a journal
  }
}
