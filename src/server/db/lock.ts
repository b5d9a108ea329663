import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';

/** The lock file's content: who holds the data directory. */
interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Waits `ms` milliseconds synchronously (the lock is taken before anything else runs). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function identity(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** Creates `target` holding `content`, atomically and exclusively (false when it exists). */
function createExclusive(target: string, content: string): boolean {
  // Written whole under a private name, then linked: the lock never exists half-written.
  const draft = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(draft, content, { flag: 'wx' });
  try {
    fs.linkSync(draft, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** A holder that can no longer use the directory: a process of this machine that is gone. */
function isStale(holder: LockOwner | undefined): boolean {
  return !holder || (holder.hostname === os.hostname() && !isProcessAlive(holder.pid));
}

/**
 * Removes a stale lock file, at most one process for a given stale file: the remover first
 * creates (exclusively) a take-over marker named after the stale file's identity (device and
 * inode), then checks, holding it, that the lock is still that file and still stale. Another
 * process that saw the same stale file fails to create the marker and looks again. A marker
 * left by a process that died in between (microseconds) is cleared once its holder is gone.
 */
function removeStaleLock(lockPath: string, seen: string): void {
  const marker = `${lockPath}.takeover-${seen.replace(/:/g, '-')}`;
  if (!createExclusive(marker, JSON.stringify({ pid: process.pid, hostname: os.hostname() }))) {
    if (isStale(readOwner(marker))) fs.rmSync(marker, { force: true });
    return;
  }
  try {
    if (identity(lockPath) === seen && isStale(readOwner(lockPath))) fs.rmSync(lockPath);
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

/**
 * Takes the exclusive lock on an embedded-database data directory (PGlite does not lock it,
 * and a second writer would silently corrupt it). The lock file is created atomically and
 * exclusively (written whole, then hard-linked: `link` fails when the name exists), so two
 * processes starting at the same instant cannot both get it. A lock left by a dead process is
 * taken over (see `removeStaleLock`: one remover per stale file); a live holder — even this same
 * process — makes this throw `db.locked`.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'ntm.lock');
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  let holder: LockOwner | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(lockPath, JSON.stringify(owner))) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        const current = readOwner(lockPath);
        if (current?.pid === process.pid && current.startedAt === owner.startedAt) {
          fs.rmSync(lockPath, { force: true });
        }
      };
      process.on('exit', release);
      return { path: lockPath, release };
    }
    const seen = identity(lockPath);
    holder = readOwner(lockPath);
    if (seen === undefined) continue; // released meanwhile: try again
    if (!isStale(holder)) {
      const sameHost = holder!.hostname === os.hostname();
      throw new AppError('db.locked', 500, {
        dataDir,
        pid: sameHost ? holder!.pid : `${holder!.pid}@${holder!.hostname}`,
      });
    }
    removeStaleLock(lockPath, seen);
    if (attempt > 0) pause(Math.min(20, attempt * 2));
  }
  throw new AppError('db.locked', 500, { dataDir, pid: holder?.pid ?? '?' });
}
