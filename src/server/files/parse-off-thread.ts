import { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { FileProblem } from './file-problem';
import type { Spreadsheet } from './spreadsheet';
import type { XlsxJob, XlsxJobResult } from './xlsx-read';

/**
 * Reading an uploaded xlsx off the request loop, with bounded memory and time: each file is read
 * by a fresh `worker_threads` worker (`xlsx-worker.mjs`) with a heap limit, terminated when it
 * takes longer than the time limit; the worker first checks the zip's real unzipped size (central
 * directory, then the bytes actually inflated) and refuses a file above the limit before the
 * workbook reader inflates anything. At most `concurrency` workers run at once; others wait.
 *
 * Limits (environment, read when a file is read): NTM_UPLOAD_MAX_UNZIPPED_MB (default 50),
 * NTM_UPLOAD_PARSE_TIMEOUT_S (default 30), NTM_UPLOAD_PARSE_HEAP_MB (default 512).
 */

export interface ParseLimits {
  /** Most bytes the zip may hold once unzipped (declared and actually inflated). */
  maxUnzippedBytes: number;
  /** Time after which the worker is terminated. */
  timeoutMs: number;
  /** The worker's old-generation heap limit. */
  heapMb: number;
}

function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

/** The limits from the environment (defaults above). */
export function parseLimits(): ParseLimits {
  return {
    maxUnzippedBytes: envNumber('NTM_UPLOAD_MAX_UNZIPPED_MB', 50, 1, 4096) * 1024 * 1024,
    timeoutMs: envNumber('NTM_UPLOAD_PARSE_TIMEOUT_S', 30, 1, 3600) * 1000,
    heapMb: envNumber('NTM_UPLOAD_PARSE_HEAP_MB', 512, 64, 16384),
  };
}

const concurrency = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

function tooComplex(limits: ParseLimits): AppError {
  return new AppError('upload.too_complex', 413, {
    seconds: Math.round(limits.timeoutMs / 1000),
    memory: `${limits.heapMb} MB`,
  });
}

/**
 * Reads an xlsx file in a worker. Throws a `FileProblem` for a file that is not a readable
 * workbook, `AppError` `upload.unzipped_too_large` (413) above the unzipped-size limit and
 * `upload.too_complex` (413) when the worker runs out of time or memory.
 */
export async function readXlsxOffThread(
  data: Buffer,
  overrides: Partial<ParseLimits> = {},
): Promise<Spreadsheet> {
  const limits = { ...parseLimits(), ...overrides };
  const release = await slot();
  try {
    const copy = new Uint8Array(data); // the worker's own copy, moved to it (not shared)
    const job: XlsxJob = { data: copy, maxUnzippedBytes: limits.maxUnzippedBytes };
    const result = await new Promise<XlsxJobResult>((resolve, reject) => {
      const worker = new Worker(new URL('./xlsx-worker.mjs', import.meta.url), {
        workerData: job,
        transferList: [copy.buffer],
        resourceLimits: {
          maxOldGenerationSizeMb: limits.heapMb,
          maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(limits.heapMb / 8))),
        },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
        void worker.terminate();
      };
      const timer = setTimeout(() => settle(() => reject(tooComplex(limits))), limits.timeoutMs);
      worker.once('message', (message: XlsxJobResult) => settle(() => resolve(message)));
      worker.once('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(limits) : error),
        ),
      );
      worker.once('exit', (code) =>
        settle(() => reject(new Error(`the xlsx worker exited (${code}) without an answer`))),
      );
    });
    switch (result.kind) {
      case 'ok':
        return result.spreadsheet;
      case 'problem':
        throw new FileProblem(result.code, result.params);
      case 'too_large':
        throw new AppError('upload.unzipped_too_large', 413, {
          limit: megabytes(limits.maxUnzippedBytes),
        });
    }
  } finally {
    release();
  }
}
