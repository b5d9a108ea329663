import path from 'node:path';
import { AppError } from './errors';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The whole runtime configuration, read once from the environment and validated. */
export interface Config {
  nodeEnv: NodeEnv;
  /** Demo mode: seeds demo accounts and demo data. Never allowed in production. */
  demo: boolean;
  host: string;
  port: number;
  /** PostgreSQL server URL; when absent the embedded PGlite database under `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Optional read replica for dashboards and open data. */
  databaseReadUrl: string | undefined;
  /** Where the embedded database, uploaded files and the lock file live. */
  dataDir: string;
  logLevel: LogLevel;
  /** Largest JSON request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Largest uploaded file (evidence, import file), in bytes. */
  uploadMaxBytes: number;
  /** How long a graceful shutdown waits for in-flight requests before forcing. */
  shutdownTimeoutMs: number;
  /**
   * On shutdown, how long the server keeps serving while `/api/ready` answers 503, so that a load
   * balancer stops sending it requests before it closes (0: close at once).
   */
  shutdownDrainMs: number;
  /** Built web app served at `/`. */
  webDistDir: string;
  trustProxy: boolean;
  /** A session ends after this long without use… */
  sessionIdleMinutes: number;
  /** …and in any case this long after sign-in. */
  sessionMaxHours: number;
  /** Failed sign-ins in a row before the account is locked for `loginLockMinutes`. */
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Sign-in attempts accepted per minute from one address. */
  loginRatePerMinute: number;
}

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function invalid(name: string, value: string, reasonKey: string): AppError {
  return new AppError('config.invalid', 500, { name, value, reason: `@${reasonKey}` });
}

function readBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const normalised = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  throw invalid(name, raw, 'reasons.boolean');
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  reasonKey: string,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw invalid(name, raw, reasonKey);
  const value = Number(raw.trim());
  if (value < min || value > max) throw invalid(name, raw, reasonKey);
  return value;
}

function readPostgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('db.bad_url', 500, { value: redactUrl(raw) });
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol) || !url.hostname) {
    throw new AppError('db.bad_url', 500, { value: redactUrl(raw) });
  }
  return raw;
}

/** Hides the password of a connection string, for messages and logs. */
export function redactUrl(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

const logLevels: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Reads and validates the configuration; throws an AppError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnvRaw = env.NODE_ENV?.trim() || 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw invalid('NODE_ENV', nodeEnvRaw, 'reasons.node_env');
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const demoFlag = readBoolean(env, 'NTM_DEMO');
  if (nodeEnv === 'production' && demoFlag === true) {
    throw new AppError('config.production_demo', 500);
  }
  const demo = demoFlag ?? nodeEnv !== 'production';
  const logLevelRaw = env.LOG_LEVEL?.trim().toLowerCase() || (nodeEnv === 'test' ? 'warn' : 'info');
  if (!logLevels.includes(logLevelRaw as LogLevel)) {
    throw invalid('LOG_LEVEL', logLevelRaw, 'reasons.log_level');
  }
  const host = env.HOST?.trim() || (demo ? '127.0.0.1' : '0.0.0.0');
  const dataDirRaw = env.NTM_DATA_DIR?.trim() || path.join(projectRoot, 'var');
  return {
    nodeEnv,
    demo,
    host,
    port: readInteger(env, 'PORT', 3000, 0, 65535, 'reasons.port'),
    databaseUrl: readPostgresUrl(env, 'DATABASE_URL'),
    databaseReadUrl: readPostgresUrl(env, 'DATABASE_READ_URL'),
    dataDir: path.resolve(dataDirRaw),
    logLevel: logLevelRaw as LogLevel,
    bodyLimitBytes:
      readInteger(env, 'NTM_BODY_LIMIT_KB', 1024, 1, 1024 * 1024, 'reasons.positive_integer') *
      1024,
    uploadMaxBytes:
      readInteger(env, 'NTM_UPLOAD_MAX_MB', 20, 1, 1024, 'reasons.positive_integer') * 1024 * 1024,
    shutdownTimeoutMs: readInteger(
      env,
      'NTM_SHUTDOWN_TIMEOUT_MS',
      10_000,
      1,
      600_000,
      'reasons.positive_integer',
    ),
    shutdownDrainMs: readInteger(
      env,
      'NTM_SHUTDOWN_DRAIN_MS',
      0,
      0,
      600_000,
      'reasons.positive_integer',
    ),
    webDistDir: path.resolve(env.NTM_WEB_DIST?.trim() || path.join(projectRoot, 'dist/web')),
    trustProxy: readBoolean(env, 'NTM_TRUST_PROXY') ?? false,
    sessionIdleMinutes: readInteger(
      env,
      'NTM_SESSION_IDLE_MINUTES',
      120,
      1,
      7 * 24 * 60,
      'reasons.positive_integer',
    ),
    sessionMaxHours: readInteger(
      env,
      'NTM_SESSION_MAX_HOURS',
      12,
      1,
      24 * 30,
      'reasons.positive_integer',
    ),
    loginMaxFailures: readInteger(
      env,
      'NTM_LOGIN_MAX_FAILURES',
      5,
      1,
      100,
      'reasons.positive_integer',
    ),
    loginRatePerMinute: readInteger(
      env,
      'NTM_LOGIN_RATE_PER_MINUTE',
      20,
      1,
      100_000,
      'reasons.positive_integer',
    ),
    loginLockMinutes: readInteger(
      env,
      'NTM_LOGIN_LOCK_MINUTES',
      15,
      1,
      24 * 60,
      'reasons.positive_integer',
    ),
  };
}

export { projectRoot };
