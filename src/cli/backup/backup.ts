import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { Config } from '../../server/config';
import {
  openDatabase,
  pgliteExtensions,
  queryRows,
  type DatabaseHandle,
} from '../../server/db/client';
import { lockDataDir, type DataDirLock } from '../../server/db/lock';
import { knownMigrations, migrationStatus } from '../../server/db/migrate';
import type { ProgressReporter } from '../../server/db/seed';
import { isAppError } from '../../server/errors';
import { platformVersion } from '../../server/version';
import type { Translate } from '../i18n';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  hashSource,
  verifyArchive,
  writeArchive,
  type ArchiveSource,
  type BackupManifest,
  type VerifiedArchive,
} from './archive';
import { connectionForTools, findPgTool, runPgTool } from './pg-tools';

/** Payload names inside the archive. */
const PGLITE_ENTRY = 'pgdata.tar';
const PGDUMP_ENTRY = 'database.pgdump';
const FILES_PREFIX = 'files/';

export interface BackupOptions {
  config: Config;
  /** The archive to write; default `ntm-backup-<engine>-<date>.tar` in the current directory. */
  out?: string | undefined;
  t: Translate;
  progress?: ProgressReporter;
}

export interface RestoreOptions {
  config: Config;
  file: string;
  /** Overwrite a target that holds data. */
  yes?: boolean | undefined;
  t: Translate;
  progress?: ProgressReporter;
}

type Engine = BackupManifest['engine'];

function engineOf(config: Config): Engine {
  return config.databaseUrl ? 'postgres' : 'pglite';
}

function defaultOutName(engine: Engine, now: Date): string {
  const stamp = now.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
  return path.resolve(`ntm-backup-${engine}-${stamp}.tar`);
}

/** The schema level recorded in a database (what the manifest states and restore checks). */
async function readSchemaLevel(database: DatabaseHandle): Promise<BackupManifest['schema']> {
  const status = await migrationStatus(database.db);
  let newestWhen = 0;
  if (status.applied > 0) {
    const [row] = await queryRows<{ newest: string | number | null }>(
      database.db,
      sql`SELECT max(created_at) AS newest FROM drizzle.__drizzle_migrations`,
    );
    newestWhen = Number(row?.newest ?? 0);
  }
  return { applied: status.applied, latest: status.latest, newestWhen };
}

/** Uploaded files (`<dataDir>/files`, without its `tmp/` of half-written uploads). */
function uploadedFileSources(dataDir: string): ArchiveSource[] {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  const sources: ArchiveSource[] = [];
  const walk = (directory: string, relative: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (!relative && entry.name === 'tmp') continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full, childRelative);
      else if (entry.isFile())
        sources.push({ name: `${FILES_PREFIX}${childRelative}`, file: full });
    }
  };
  walk(root, '');
  return sources.sort((a, b) => a.name.localeCompare(b.name));
}

/** Hashes every source, writes the archive under a private name, then renames it into place. */
function writeBackupFile(
  out: string,
  header: Omit<BackupManifest, 'files'>,
  sources: ArchiveSource[],
  options: BackupOptions,
): BackupManifest {
  const { t } = options;
  const files = sources.map((source, index) => {
    const hashed = hashSource(source);
    options.progress?.({ task: t('backup.task.checksum'), done: index + 1, total: sources.length });
    return hashed;
  });
  const manifest: BackupManifest = { ...header, files };
  const partial = `${out}.partial-${process.pid}`;
  try {
    writeArchive(partial, manifest, sources, (done, total) =>
      options.progress?.({ task: t('backup.task.write'), done, total }),
    );
    // Never replaces an existing archive (checked again here: link fails when the name exists).
    fs.linkSync(partial, out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new BackupError('backup.outExists', { file: out });
    }
    throw error;
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return manifest;
}

function lockedError(error: unknown, key: 'backup.locked' | 'restore.locked'): unknown {
  if (isAppError(error) && error.code === 'db.locked') {
    return new BackupError(key, {
      dataDir: String(error.params.dataDir),
      pid: String(error.params.pid),
    });
  }
  return error;
}

/**
 * Writes a backup of the configured database and the uploaded files. PGlite: the data directory
 * is locked for the whole backup (refused while a server holds it) and dumped as PGlite's own
 * consistent tarball. PostgreSQL: `pg_dump --format=custom` (a consistent snapshot; the server
 * may keep running), then the uploaded files (content-addressed and never deleted, so every file
 * the dump refers to is there).
 */
export async function createBackup(
  options: BackupOptions,
): Promise<{ file: string; manifest: BackupManifest }> {
  const { config, t } = options;
  const engine = engineOf(config);
  const now = new Date();
  const out = path.resolve(options.out ?? defaultOutName(engine, now));
  if (fs.existsSync(out)) throw new BackupError('backup.outExists', { file: out });
  if (!fs.existsSync(path.dirname(out))) {
    throw new BackupError('backup.outDirMissing', { dir: path.dirname(out) });
  }
  const header = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    engine,
    appVersion: platformVersion,
    createdAt: now.toISOString(),
  } as const;

  if (engine === 'pglite') {
    if (!fs.existsSync(path.join(config.dataDir, 'pgdata', 'PG_VERSION'))) {
      throw new BackupError('backup.nothing', { dataDir: config.dataDir });
    }
    let database: DatabaseHandle;
    try {
      database = await openDatabase({ dataDir: config.dataDir });
    } catch (error) {
      throw lockedError(error, 'backup.locked');
    }
    try {
      const schema = await readSchemaLevel(database);
      options.progress?.({ task: t('backup.task.dump'), done: 0, total: 1 });
      const dump = await database.pglite!.dumpDataDir('none');
      const bytes = Buffer.from(await dump.arrayBuffer());
      options.progress?.({ task: t('backup.task.dump'), done: 1, total: 1 });
      const sources = [{ name: PGLITE_ENTRY, bytes }, ...uploadedFileSources(config.dataDir)];
      return { file: out, manifest: writeBackupFile(out, { ...header, schema }, sources, options) };
    } finally {
      await database.close();
    }
  }

  const url = config.databaseUrl!;
  findPgTool('pg_dump');
  const database = await openDatabase({ url, maxConnections: 1 });
  let schema: BackupManifest['schema'];
  try {
    schema = await readSchemaLevel(database);
  } finally {
    await database.close();
  }
  const scratch = fs.mkdtempSync(path.join(path.dirname(out), '.ntm-backup-'));
  try {
    const dumpFile = path.join(scratch, PGDUMP_ENTRY);
    const { dbname, env } = connectionForTools(url);
    options.progress?.({ task: t('backup.task.dump'), done: 0, total: 1 });
    await runPgTool('pg_dump', ['--format=custom', '--file', dumpFile, '--dbname', dbname], env);
    options.progress?.({ task: t('backup.task.dump'), done: 1, total: 1 });
    const sources = [
      { name: PGDUMP_ENTRY, file: dumpFile },
      ...uploadedFileSources(config.dataDir),
    ];
    return { file: out, manifest: writeBackupFile(out, { ...header, schema }, sources, options) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Loads the archived PGlite tarball into `target` and opens it there: it must be a tar (PGlite
 * would otherwise fail inside its decompressor), hold a database, and be at the manifest's level.
 */
async function checkPgliteDump(dump: Buffer, target: string, manifest: BackupManifest) {
  const unreadable = (reason: string) => new BackupError('restore.unreadable', { reason });
  if (dump.length < 512 || dump.toString('ascii', 257, 262) !== 'ustar') {
    throw unreadable('pgdata.tar');
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: target,
      loadDataDir: new Blob([new Uint8Array(dump)]),
      extensions: pgliteExtensions,
    });
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  try {
    const result = await client.query<{ applied: number }>(
      'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations',
    );
    if (result.rows[0]?.applied !== manifest.schema.applied) throw unreadable('migration level');
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw unreadable((error as Error).message);
  } finally {
    await client.close();
  }
}

function hasEntries(directory: string): boolean {
  try {
    return fs.readdirSync(directory).length > 0;
  } catch {
    return false;
  }
}

/** Writes the archive's `files/…` entries under `<staging>/files` (names checked: no `..`). */
function extractUploadedFiles(archive: VerifiedArchive, staging: string, options: RestoreOptions) {
  const files = archive.entries.filter((entry) => entry.name.startsWith(FILES_PREFIX));
  const root = path.join(staging, 'files');
  fs.mkdirSync(root, { recursive: true, mode: 0o750 });
  files.forEach((entry, index) => {
    const relative = entry.name.slice(FILES_PREFIX.length);
    const target = path.resolve(root, relative);
    if (
      !relative ||
      relative.split('/').includes('..') ||
      !target.startsWith(`${root}${path.sep}`)
    ) {
      throw new BackupError('restore.notArchive');
    }
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o750 });
    archive.extractTo(entry.name, target);
    options.progress?.({
      task: options.t('restore.task.files'),
      done: index + 1,
      total: files.length,
    });
  });
}

/**
 * Replaces `<dataDir>/<name>` by `<staging>/<name>` for each name, by renames on one file
 * system; on any failure the renames done so far are undone, so the old data stays whole.
 * The replaced directories end in `<staging>/previous` (removed with the staging directory).
 */
function swapInto(dataDir: string, staging: string, names: readonly string[]): void {
  const previous = path.join(staging, 'previous');
  fs.mkdirSync(previous);
  const undo: Array<() => void> = [];
  try {
    for (const name of names) {
      const live = path.join(dataDir, name);
      const fresh = path.join(staging, name);
      const kept = path.join(previous, name);
      if (fs.existsSync(live)) {
        fs.renameSync(live, kept);
        undo.push(() => fs.renameSync(kept, live));
      }
      if (fs.existsSync(fresh)) {
        fs.renameSync(fresh, live);
        undo.push(() => fs.renameSync(live, fresh));
      }
    }
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the others; the error below names the failure.
      }
    }
    throw error;
  }
}

/**
 * Restores a backup written by `createBackup`. Nothing is touched before the whole archive is
 * verified (checksums), its engine matches the configuration and its schema is not newer than
 * this version knows; a target holding data is replaced only with `yes`. PGlite: restored into
 * a fresh directory beside the data, checked by opening it, then swapped in by rename (a failure
 * leaves the old data). PostgreSQL: `pg_restore` as one transaction (`psql --single-transaction`)
 * that first drops the platform's schemas, so a failure leaves the database as it was.
 */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const { config, t } = options;
  if (!fs.existsSync(options.file))
    throw new BackupError('restore.missing', { file: options.file });
  const archive = verifyArchive(options.file, (done, total) =>
    options.progress?.({ task: t('restore.task.verify'), done, total }),
  );
  const { manifest } = archive;
  const engine = engineOf(config);
  if (manifest.engine !== engine) {
    throw new BackupError('restore.wrongEngine', { archive: manifest.engine, target: engine });
  }
  const known = knownMigrations();
  const newestKnown = known.at(-1)?.when ?? 0;
  if (manifest.schema.newestWhen > newestKnown || manifest.schema.applied > known.length) {
    throw new BackupError('restore.newerSchema', {
      applied: manifest.schema.applied,
      known: known.length,
      version: manifest.appVersion,
    });
  }

  if (engine === 'pglite') {
    let lock: DataDirLock;
    try {
      lock = lockDataDir(config.dataDir);
    } catch (error) {
      throw lockedError(error, 'restore.locked');
    }
    try {
      const dataDir = config.dataDir;
      if (
        !options.yes &&
        (hasEntries(path.join(dataDir, 'pgdata')) || hasEntries(path.join(dataDir, 'files')))
      ) {
        throw new BackupError('restore.notEmpty', { target: dataDir });
      }
      const staging = fs.mkdtempSync(path.join(dataDir, '.restore-'));
      try {
        options.progress?.({ task: t('restore.task.database'), done: 0, total: 1 });
        await checkPgliteDump(archive.read(PGLITE_ENTRY), path.join(staging, 'pgdata'), manifest);
        options.progress?.({ task: t('restore.task.database'), done: 1, total: 1 });
        extractUploadedFiles(archive, staging, options);
        swapInto(dataDir, staging, ['pgdata', 'files']);
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    } finally {
      lock.release();
    }
    return manifest;
  }

  const url = config.databaseUrl!;
  findPgTool('pg_restore');
  findPgTool('psql');
  const database = await openDatabase({ url, maxConnections: 1 });
  let nonEmpty: boolean;
  try {
    const [row] = await queryRows<{ count: number }>(
      database.db,
      sql`SELECT count(*)::int AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
    );
    nonEmpty = (row?.count ?? 0) > 0;
  } finally {
    await database.close();
  }
  if (nonEmpty && !options.yes) {
    throw new BackupError('restore.notEmpty', { target: database.location });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-restore-'));
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  try {
    const dumpFile = path.join(scratch, PGDUMP_ENTRY);
    const script = path.join(scratch, 'restore.sql');
    archive.extractTo(PGDUMP_ENTRY, dumpFile);
    extractUploadedFiles(archive, staging, options);
    const { dbname, env } = connectionForTools(url);
    options.progress?.({ task: t('restore.task.database'), done: 0, total: 1 });
    await runPgTool(
      'pg_restore',
      ['--no-owner', '--no-privileges', '--file', script, dumpFile],
      env,
    );
    const reset = nonEmpty
      ? 'DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'
      : 'SELECT 1;';
    await runPgTool(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        '-c',
        reset,
        '-f',
        script,
        '--dbname',
        dbname,
      ],
      env,
    );
    options.progress?.({ task: t('restore.task.database'), done: 1, total: 1 });
    swapInto(config.dataDir, staging, ['files']);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return manifest;
}
