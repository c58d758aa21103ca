import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** PGlite allows one process per data directory; a second opener would silently lose writes. */
export class DataDirLockedError extends Error {
  constructor(dir: string, holder?: LockOwner | null) {
    super(
      `The data directory ${dir} is in use by another Linecast process` +
        (holder ? ` (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})` : '') +
        '. The embedded database allows one process at a time: stop the other process, ' +
        'or set DATABASE_URL to a PostgreSQL server to run several.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Who holds the lock, written beside it so the next opener can tell a dead holder from a live one. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** The kernel's boot id and network namespace (Linux): together they say "the same machine, the same container". */
  bootId: string | null;
  netns: string | null;
  startedAt: string;
  nonce: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

const readText = (f: string): string | null => {
  try {
    return fs.readFileSync(f, 'utf8').trim();
  } catch {
    return null;
  }
};
const linux = process.platform === 'linux';
const bootId = () => (linux ? readText('/proc/sys/kernel/random/boot_id') : null);
const netns = () => {
  try {
    return linux ? fs.readlinkSync('/proc/self/ns/net') : null;
  } catch {
    return null;
  }
};

function readOwner(file: string): LockOwner | null {
  const t = readText(file);
  if (!t) return null;
  try {
    const o = JSON.parse(t) as LockOwner;
    return typeof o.pid === 'number' && typeof o.hostname === 'string' ? o : null;
  } catch {
    return null;
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

/**
 * The host guard (Linux): a listening socket in the abstract namespace, named after the directory's device and
 * inode. The kernel gives the name to one process at a time and frees it the instant that process dies, however
 * it dies, so "the name is free" proves that no live process of this machine (and network namespace) holds the
 * directory. Elsewhere there is no such primitive without native code; see takeover() for the fallback.
 */
async function hostGuard(dir: string): Promise<net.Server | 'taken' | null> {
  if (!linux) return null;
  const st = fs.statSync(dir);
  const name = `\0linecast-data-dir-${st.dev}-${st.ino}`;
  const server = net.createServer((s) => s.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve('taken') : reject(e)));
    server.listen({ path: name }, () => {
      server.unref();
      resolve(server);
    });
  });
}

/**
 * Locks an embedded data directory for this process. A lock left by a process that died (kill -9, power cut of a
 * container) is taken over at once when its holder is known dead; only a holder that cannot be checked (another
 * machine sharing the directory) costs the stale period (`LINECAST_LOCK_STALE_MS`, 10 s) of the mtime lock.
 */
export async function lockDataDir(dir: string, opts: { staleMs?: number } = {}): Promise<DataDirLock> {
  const staleMs = opts.staleMs ?? (Number(process.env.LINECAST_LOCK_STALE_MS) || 10_000);
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, '.linecast.lock');
  const ownerPath = path.join(dir, '.linecast.lock.owner');
  const guard = await hostGuard(dir);
  if (guard === 'taken') throw new DataDirLockedError(dir, readOwner(ownerPath));
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: bootId(),
    netns: netns(),
    startedAt: new Date().toISOString(),
    nonce: crypto.randomBytes(8).toString('hex'),
  };
  // A holder is known dead when the host guard proves no live process of this machine holds the directory and
  // the owner record names this machine; without a guard, when its pid no longer runs on this host.
  const takeover = (o: LockOwner | null): boolean => {
    if (!o || o.hostname !== me.hostname) return false;
    if (guard) return o.bootId === me.bootId && o.netns === me.netns;
    return o.bootId === me.bootId && !alive(o.pid);
  };
  const take = () => lockfile.lock(dir, { lockfilePath: lockPath, stale: staleMs, update: Math.min(2_000, staleMs / 2) });
  let release: () => Promise<void>;
  try {
    try {
      release = await take();
    } catch (e) {
      if ((e as { code?: string }).code !== 'ELOCKED') throw e;
      const holder = readOwner(ownerPath);
      if (!takeover(holder)) throw new DataDirLockedError(dir, holder);
      fs.rmSync(lockPath, { recursive: true, force: true });
      try {
        release = await take();
      } catch (e2) {
        if ((e2 as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dir, readOwner(ownerPath));
        throw e2;
      }
    }
    const tmp = `${ownerPath}.${me.nonce}`;
    fs.writeFileSync(tmp, JSON.stringify(me) + '\n');
    fs.renameSync(tmp, ownerPath);
  } catch (e) {
    if (guard) guard.close();
    throw e;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      if (readOwner(ownerPath)?.nonce === me.nonce) fs.rmSync(ownerPath, { force: true });
      await release().catch(() => undefined);
      if (guard) await new Promise((r) => guard.close(r));
    },
  };
}
