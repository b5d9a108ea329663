import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchScenario } from '../types';
import { runLoad } from '../load';
import { childEnv, cliEntry, freePort, waitForOutput } from '../../src/server/test/process';
import { createScratchDatabase } from '../../src/server/test/postgres';

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/**
 * Cold start of `ntm serve` on an empty database (migrate + seed + listen, until /api/health
 * answers 200), then the bare HTTP floor: GET /api/health with 50 concurrent clients.
 */
const scenario: BenchScenario = {
  name: 'http-floor',
  description: 'khởi động nguội và sàn HTTP (/api/health, 50 kết nối đồng thời)',
  async run({ quick, databaseUrl }) {
    const port = await freePort();
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    let cleanup: () => Promise<void> | void;
    if (databaseUrl) {
      const scratch = await createScratchDatabase(databaseUrl);
      env.DATABASE_URL = scratch.url;
      cleanup = () => scratch.drop();
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-bench-'));
      env.NTM_DATA_DIR = dataDir;
      cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const began = performance.now();
    const child = spawn(process.execPath, [cliEntry, 'serve'], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForOutput(child, (output) => output.includes(`localhost:${port}`), 600_000);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (health.status !== 200) throw new Error(`health answered ${health.status}`);
      const coldStartS = (performance.now() - began) / 1000;
      const idleRss = rssMb(child.pid!);
      const load = await runLoad({
        url: `http://127.0.0.1:${port}/api/health`,
        connections: 50,
        durationS: quick ? 5 : 15,
      });
      return {
        cold_start_empty_db_s: Math.round(coldStartS * 10) / 10,
        idle_rss_mb: idleRss,
        http_floor_p50_ms: load.p50Ms,
        http_floor_p95_ms: load.p95Ms,
        http_floor_requests_per_s: load.requestsPerSecond,
        http_floor_errors: load.errors,
        server_peak_rss_mb: peakRssMb(child.pid!),
      };
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
      await cleanup();
    }
  },
};

export default scenario;
