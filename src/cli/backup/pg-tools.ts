import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

/** A PostgreSQL client program was not found; the CLI explains where it looked. */
export class PgToolMissingError extends Error {
  constructor(
    readonly tool: PgTool,
    readonly searched: string[],
  ) {
    super(`${tool} not found`);
    this.name = 'PgToolMissingError';
  }
}

/** A PostgreSQL client program failed; `stderr` is its own explanation. */
export class PgToolFailedError extends Error {
  constructor(
    readonly tool: PgTool,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${tool} exited with ${code}: ${stderr}`);
    this.name = 'PgToolFailedError';
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds a PostgreSQL client program: in `NTM_PG_BIN_DIR` when set, else on PATH, else in the
 * newest `/usr/lib/postgresql/<version>/bin` (Debian's postgresql-client). A newer pg_dump reads
 * an older server, never the other way round, so the newest is preferred there.
 */
export function findPgTool(tool: PgTool, env: NodeJS.ProcessEnv = process.env): string {
  const searched: string[] = [];
  const override = env.NTM_PG_BIN_DIR?.trim();
  if (override) {
    const candidate = path.join(override, tool);
    if (isExecutable(candidate)) return candidate;
    throw new PgToolMissingError(tool, [override]);
  }
  for (const directory of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    searched.push(directory);
    const candidate = path.join(directory, tool);
    if (isExecutable(candidate)) return candidate;
  }
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = fs
      .readdirSync(root)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    // No Debian PostgreSQL packages.
  }
  for (const version of versions) {
    const directory = path.join(root, version, 'bin');
    searched.push(directory);
    const candidate = path.join(directory, tool);
    if (isExecutable(candidate)) return candidate;
  }
  if (versions.length === 0) searched.push(`${root}/*/bin`);
  throw new PgToolMissingError(tool, searched);
}

/**
 * The connection string without its password (which goes to the child in PGPASSWORD, so that it
 * never shows in the process list).
 */
export function connectionForTools(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PGPASSWORD;
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** Runs a client program to completion; rejects with its stderr when it fails. */
export async function runPgTool(
  tool: PgTool,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const program = findPgTool(tool, env);
  const child = spawn(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8_000) stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new PgToolFailedError(tool, code, stderr.trim());
}
