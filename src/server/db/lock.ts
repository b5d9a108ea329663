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

/**
 * Takes the exclusive lock on an embedded-database data directory (PGlite does not lock it,
 * and a second writer would silently corrupt it). A lock left by a dead process is taken over;
 * a live holder — even this same process — makes this throw `db.locked`.
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
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        const current = readOwner(lockPath);
        if (current?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return { path: lockPath, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readOwner(lockPath);
      const sameHost = holder?.hostname === os.hostname();
      if (holder && (!sameHost || isProcessAlive(holder.pid))) {
        throw new AppError('db.locked', 500, {
          dataDir,
          pid: sameHost ? holder.pid : `${holder.pid}@${holder.hostname}`,
        });
      }
      // Stale lock (its process is gone) or unreadable: remove it and try once more.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new AppError('db.locked', 500, { dataDir, pid: '?' });
}
