import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/auth/actor';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase, type DatabaseHandle } from '../../server/db/client';
import { lockDataDir } from '../../server/db/lock';
import { knownMigrations, migrateDatabase } from '../../server/db/migrate';
import { createFileStore } from '../../server/files/store';
import { createUserAsOperator } from '../../server/modules/accounts/service';
import { users } from '../../server/modules/accounts/tables';
import { createScratchDatabase, testServerUrl } from '../../server/test/postgres';
import { runCli } from '../../server/test/process';
import { cliTranslator } from '../i18n';
import {
  BackupError,
  hashSource,
  verifyArchive,
  writeArchive,
  type BackupManifest,
} from './archive';
import { createBackup, restoreBackup } from './backup';

const t = cliTranslator('en');
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-backup-test-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const probe = 'backup_probe';
const evidence = Buffer.from('biên bản nghiệm thu — bằng chứng');

async function withHandle<T>(config: Config, work: (db: DatabaseHandle) => Promise<T>) {
  const handle = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Migrates, creates the probe account (through the accounts service) and one uploaded file. */
async function prepare(config: Config): Promise<string> {
  await withHandle(config, async (handle) => {
    await migrateDatabase(handle);
    await handle.db.transaction((tx) =>
      createUserAsOperator(tx, systemContext('test'), {
        username: probe,
        displayName: 'Trước sao lưu',
        password: 'Sao1luu2an3toan4kho5',
        unitCode: null,
        roles: [{ role: 'admin' }],
      }),
    );
  });
  return createFileStore(path.join(config.dataDir, 'files')).putFile(evidence);
}

async function probeName(config: Config): Promise<string | undefined> {
  return withHandle(config, async (handle) => {
    const [row] = await handle.db
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.username, probe));
    return row?.displayName;
  });
}

async function renameProbe(config: Config, displayName: string): Promise<void> {
  await withHandle(config, async (handle) => {
    await handle.db.update(users).set({ displayName }).where(eq(users.username, probe));
  });
}

/** A copy of `file` with one byte flipped in the middle of its largest entry. */
function corruptedCopy(file: string): string {
  const archive = verifyArchive(file);
  const largest = [...archive.entries].sort((a, b) => b.size - a.size)[0]!;
  const bytes = fs.readFileSync(file);
  const at = largest.offset + Math.floor(largest.size / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  const target = `${file}.corrupt`;
  fs.writeFileSync(target, bytes);
  return target;
}

async function refusal(work: Promise<unknown>): Promise<BackupError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

describe('backup and restore on PGlite', () => {
  const dataDir = path.join(directory, 'pglite');
  const config = loadConfig({ NODE_ENV: 'test', NTM_DATA_DIR: dataDir });
  const archive = path.join(directory, 'pglite.tar');
  let fileSha = '';

  beforeAll(async () => {
    fileSha = await prepare(config);
  });

  it('writes an archive whose manifest states the engine, the level, the version and checksums', async () => {
    const result = await createBackup({ config, out: archive, t });
    const manifest = verifyArchive(archive).manifest;
    expect(manifest).toEqual(result.manifest);
    expect(manifest).toMatchObject({
      engine: 'pglite',
      schema: { applied: knownMigrations().length, latest: knownMigrations().at(-1)!.tag },
    });
    expect(manifest.files.map((file) => file.name)).toEqual([
      'pgdata.tar',
      `files/${fileSha.slice(0, 2)}/${fileSha.slice(2, 4)}/${fileSha}`,
    ]);
    expect(manifest.files.every((file) => /^[0-9a-f]{64}$/.test(file.sha256))).toBe(true);
    // Never overwrites an existing backup.
    expect((await refusal(createBackup({ config, out: archive, t }))).key).toBe('backup.outExists');
  });

  it('brings the row and the uploaded file back, and only with --yes over existing data', async () => {
    await renameProbe(config, 'Sau sao lưu');
    const store = createFileStore(path.join(dataDir, 'files'));
    fs.rmSync(store.pathOf(fileSha));
    expect((await refusal(restoreBackup({ config, file: archive, t }))).key).toBe(
      'restore.notEmpty',
    );
    expect(await probeName(config)).toBe('Sau sao lưu');
    await restoreBackup({ config, file: archive, yes: true, t });
    expect(await probeName(config)).toBe('Trước sao lưu');
    expect(await store.readFile(fileSha)).toEqual(evidence);
    // No staging directory is left beside the data.
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('.restore-'))).toEqual([]);
  });

  it('refuses a corrupted archive by its checksum and changes nothing', async () => {
    await renameProbe(config, 'Sau sao lưu');
    const corrupt = corruptedCopy(archive);
    const error = await refusal(restoreBackup({ config, file: corrupt, yes: true, t }));
    expect(error.key).toBe('restore.checksum');
    expect(t(error.key, error.params)).toContain('pgdata.tar');
    expect(await probeName(config)).toBe('Sau sao lưu');
  });

  it('refuses a truncated archive', async () => {
    const truncated = path.join(directory, 'truncated.tar');
    const bytes = fs.readFileSync(archive);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await refusal(restoreBackup({ config, file: truncated, yes: true, t }));
    expect(['restore.incomplete', 'restore.notArchive']).toContain(error.key);
  });

  it('refuses a backup of a newer schema than this version knows', async () => {
    const verified = verifyArchive(archive);
    const newer: BackupManifest = {
      ...verified.manifest,
      schema: {
        ...verified.manifest.schema,
        applied: knownMigrations().length + 1,
        newestWhen: knownMigrations().at(-1)!.when + 1,
      },
    };
    const file = path.join(directory, 'newer.tar');
    const bytes = verified.read('pgdata.tar');
    writeArchive(file, { ...newer, files: [newer.files[0]!] }, [{ name: 'pgdata.tar', bytes }]);
    const error = await refusal(restoreBackup({ config, file, yes: true, t }));
    expect(error.key).toBe('restore.newerSchema');
    expect(await probeName(config)).toBe('Sau sao lưu');
  });

  it('leaves the old data when the archived database cannot be opened', async () => {
    // A well-formed tar that holds no database, then bytes that are not even a tar.
    const notData = path.join(directory, 'not-data.tar');
    writeArchive(notData, verifyArchive(archive).manifest, []);
    for (const garbage of [fs.readFileSync(notData), Buffer.from('rác'.repeat(400))]) {
      const manifest: BackupManifest = {
        ...verifyArchive(archive).manifest,
        files: [hashSource({ name: 'pgdata.tar', bytes: garbage })],
      };
      const file = path.join(directory, `garbage-${garbage.length}.tar`);
      writeArchive(file, manifest, [{ name: 'pgdata.tar', bytes: garbage }]);
      const error = await refusal(restoreBackup({ config, file, yes: true, t }));
      expect(error.key).toBe('restore.unreadable');
      expect(await probeName(config)).toBe('Sau sao lưu');
      expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('.restore-'))).toEqual([]);
    }
  });

  it('is refused while a server holds the data directory (backup and restore)', async () => {
    const lock = lockDataDir(dataDir);
    try {
      const backup = await refusal(createBackup({ config, out: `${archive}.2`, t }));
      expect(backup.key).toBe('backup.locked');
      expect(backup.params.pid).toBe(String(process.pid));
      const restore = await refusal(restoreBackup({ config, file: archive, yes: true, t }));
      expect(restore.key).toBe('restore.locked');
      expect(fs.existsSync(`${archive}.2`)).toBe(false);
    } finally {
      lock.release();
    }
    expect(await probeName(config)).toBe('Sau sao lưu');
  });

  it('works through the ntm command, in Vietnamese', async () => {
    const env = { NTM_DATA_DIR: dataDir, NODE_ENV: 'production' };
    const out = path.join(directory, 'cli.tar');
    const backup = await runCli(['backup', '--out', out], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Đã sao lưu vào ${out}.`);
    await renameProbe(config, 'Lần nữa');
    const corrupt = await runCli(['restore', corruptedCopy(out), '--yes'], env);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('Tệp sao lưu bị hỏng: mã SHA-256 của pgdata.tar không khớp');
    expect(await probeName(config)).toBe('Lần nữa');
    const restored = await runCli(['restore', out, '--yes'], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`Đã khôi phục từ ${out}.`);
    expect(await probeName(config)).toBe('Sau sao lưu');
  }, 60_000);
});

const serverUrl = testServerUrl();

describe.runIf(serverUrl)('backup and restore on PostgreSQL (TEST_DATABASE_URL)', () => {
  const scratches: Array<{ url: string; drop(): Promise<void> }> = [];
  const dataDir = path.join(directory, 'postgres');
  const archive = path.join(directory, 'postgres.tar');
  let source: Config;
  let fileSha = '';

  const configFor = (url: string) =>
    loadConfig({ NODE_ENV: 'test', NTM_DATA_DIR: dataDir, DATABASE_URL: url });

  beforeAll(async () => {
    const first = await createScratchDatabase(serverUrl!);
    scratches.push(first);
    source = configFor(first.url);
    fileSha = await prepare(source);
  });
  afterAll(async () => {
    for (const scratch of scratches) await scratch.drop();
  });

  it('round-trips into a fresh database, and over the old one only with --yes', async () => {
    const { manifest } = await createBackup({ config: source, out: archive, t });
    expect(manifest.engine).toBe('postgres');
    expect(manifest.files[0]!.name).toBe('database.pgdump');
    expect(manifest.schema.applied).toBe(knownMigrations().length);
    await renameProbe(source, 'Sau sao lưu');

    const fresh = await createScratchDatabase(serverUrl!);
    scratches.push(fresh);
    await restoreBackup({ config: configFor(fresh.url), file: archive, t });
    expect(await probeName(configFor(fresh.url))).toBe('Trước sao lưu');
    const store = createFileStore(path.join(dataDir, 'files'));
    expect(await store.readFile(fileSha)).toEqual(evidence);

    expect((await refusal(restoreBackup({ config: source, file: archive, t }))).key).toBe(
      'restore.notEmpty',
    );
    expect(await probeName(source)).toBe('Sau sao lưu');
    const corrupt = corruptedCopy(archive);
    expect(
      (await refusal(restoreBackup({ config: source, file: corrupt, yes: true, t }))).key,
    ).toBe('restore.checksum');
    expect(await probeName(source)).toBe('Sau sao lưu');

    await restoreBackup({ config: source, file: archive, yes: true, t });
    expect(await probeName(source)).toBe('Trước sao lưu');
    // The restored database is complete: migrating it finds nothing to do.
    const status = await withHandle(source, (handle) => migrateDatabase(handle));
    expect(status.pending).toBe(0);
  }, 60_000);

  it('refuses a PGlite backup on PostgreSQL', async () => {
    const error = await refusal(
      restoreBackup({ config: source, file: path.join(directory, 'pglite.tar'), yes: true, t }),
    );
    expect(error.key).toBe('restore.wrongEngine');
  });
});
