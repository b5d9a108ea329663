import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './lock';
import { AppError } from '../errors';

const directories: string[] = [];
function tempDir(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-lock-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0))
    fs.rmSync(directory, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('refuses a second holder while the first holds the lock, and frees it on release', () => {
    const directory = tempDir();
    const first = lockDataDir(directory);
    expect(() => lockDataDir(directory)).toThrowError(AppError);
    try {
      lockDataDir(directory);
    } catch (error) {
      expect((error as AppError).code).toBe('db.locked');
      expect((error as AppError).messageIn('vi')).toContain(String(process.pid));
    }
    first.release();
    const second = lockDataDir(directory);
    second.release();
    expect(fs.existsSync(path.join(directory, 'ntm.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const directory = tempDir();
    fs.writeFileSync(
      path.join(directory, 'ntm.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, hostname: os.hostname(), startedAt: '', command: '' }),
    );
    const lock = lockDataDir(directory);
    expect(JSON.parse(fs.readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });
});

/**
 * A contender: a separate Node process (TypeScript through tsx, as `bin/ntm.mjs` runs) that
 * waits for `go <dir>` on stdin, tries to lock `dir` and answers `won`, `lost` or `error …`;
 * `release` frees what it holds and answers `released`.
 */
const contenderSource = `
import readline from 'node:readline';
import { register } from 'tsx/esm/api';
register();
const { lockDataDir } = await import(process.env.NTM_LOCK_MODULE);
let held = null;
const lines = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\\n');
for await (const line of lines) {
  if (line.startsWith('go ')) {
    try {
      held = lockDataDir(line.slice(3));
      process.stdout.write('won\\n');
    } catch (error) {
      process.stdout.write(error.code === 'db.locked' ? 'lost\\n' : 'error ' + error.message + '\\n');
    }
  } else if (line === 'release') {
    held?.release();
    held = null;
    process.stdout.write('released\\n');
  }
}
`;

class Contender {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiter: ((line: string) => void) | null = null;

  constructor() {
    this.child = spawn(process.execPath, ['--input-type=module', '-e', contenderSource], {
      cwd: repositoryRoot,
      env: { ...process.env, NTM_LOCK_MODULE: lockModule },
    });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (this.waiter) {
        const waiter = this.waiter;
        this.waiter = null;
        waiter(line);
      } else this.lines.push(line);
    });
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  stop(): void {
    this.child.kill();
  }
}

const lockModule = fileURLToPath(new URL('./lock.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('lockDataDir between processes started at the same instant', () => {
  it('gives the lock to exactly one of them, on a free directory and over a stale lock', async () => {
    const contenders = Array.from({ length: 4 }, () => new Contender());
    try {
      expect(await Promise.all(contenders.map((c) => c.next()))).toEqual(
        contenders.map(() => 'ready'),
      );
      const outcomes: string[][] = [];
      for (let trial = 0; trial < 30; trial++) {
        const directory = tempDir();
        if (trial % 2 === 1) {
          // A lock left by a process that is gone: every contender sees it stale at once.
          fs.writeFileSync(
            path.join(directory, 'ntm.lock'),
            JSON.stringify({
              pid: 2 ** 22 + 4321,
              hostname: os.hostname(),
              startedAt: '',
              command: '',
            }),
          );
        }
        for (const contender of contenders) contender.send(`go ${directory}`);
        const answers = await Promise.all(contenders.map((c) => c.next()));
        outcomes.push(answers);
        for (const contender of contenders) contender.send('release');
        await Promise.all(contenders.map((c) => c.next()));
        expect(fs.readdirSync(directory)).toEqual([]);
      }
      const winners = outcomes.map((answers) => answers.filter((a) => a === 'won').length);
      expect(outcomes.flat().filter((a) => a !== 'won' && a !== 'lost')).toEqual([]);
      expect(winners).toEqual(outcomes.map(() => 1));
    } finally {
      for (const contender of contenders) contender.stop();
    }
  });
});
