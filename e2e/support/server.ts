import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { childEnv, cliEntry, freePort, waitForOutput } from '../../src/server/test/process';
import { createScratchDatabase, testServerUrl } from '../../src/server/test/postgres';

export interface TestServer {
  url: string;
  /** Everything the server printed so far (start-up lines, logs). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real platform as `npm start` does (`ntm start`: build the web app if needed, migrate,
 * seed in demo mode, serve) on a free loopback port, with its own data: a fresh PGlite directory,
 * or a fresh PostgreSQL database when TEST_DATABASE_URL is set. `stop()` sends SIGTERM and cleans up.
 * `options.env` adds variables for the server (e.g. NTM_TEST_CLOCK_FILE); the port, host, log level
 * and database are always the test's own.
 */
export async function startTestServer(
  options: { env?: Record<string, string> } = {},
): Promise<TestServer> {
  const port = await freePort();
  const cleanups: Array<() => Promise<void> | void> = [];
  const env: Record<string, string> = {
    ...options.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const serverUrl = testServerUrl();
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    env.DATABASE_URL = scratch.url;
    cleanups.push(() => scratch.drop());
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-e2e-'));
    env.NTM_DATA_DIR = dataDir;
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  }
  const child = spawn(process.execPath, [cliEntry, 'start'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    await waitForOutput(child, (text) => text.includes(`localhost:${port}`), 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}
