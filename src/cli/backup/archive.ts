import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { CliMessageKey } from '../i18n';

/**
 * The backup archive: a plain POSIX (ustar) tar file, readable with `tar tf`, holding
 *   manifest.json           what the backup is (engine, schema level, version, date, checksums)
 *   manifest.json.sha256    the SHA-256 of manifest.json, `sha256sum -c` format
 *   <payload…>              database.pgdump (PostgreSQL) or pgdata.tar (PGlite), files/…
 * Every byte is covered on reading: headers by their tar checksum, contents by SHA-256, the
 * padding and the end blocks must be zeros.
 */

const BLOCK = 512;
const CHUNK = 1 << 20;

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_SUM_NAME = 'manifest.json.sha256';
export const BACKUP_FORMAT = 'ntm-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  engine: 'pglite' | 'postgres';
  appVersion: string;
  createdAt: string;
  schema: {
    /** Migrations recorded in the database. */
    applied: number;
    /** Tag of the newest one (as this version knew it). */
    latest: string | null;
    /** `created_at` of the newest recorded migration (drizzle's journal time, ms). */
    newestWhen: number;
  };
  files: ManifestFile[];
}

/** Why a backup or a restore was refused; `key` names the CLI message (vi and en). */
export class BackupError extends Error {
  constructor(
    readonly key: CliMessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'BackupError';
  }
}

/** An entry to write: its bytes, or a file on disk to stream. */
export type ArchiveSource = { name: string; bytes: Buffer } | { name: string; file: string };

function sourceSize(source: ArchiveSource): number {
  return 'bytes' in source ? source.bytes.length : fs.statSync(source.file).size;
}

/** SHA-256 and size of a source, read in chunks (a large dump is never loaded whole). */
export function hashSource(source: ArchiveSource): ManifestFile {
  const hash = createHash('sha256');
  if ('bytes' in source) {
    hash.update(source.bytes);
    return { name: source.name, size: source.bytes.length, sha256: hash.digest('hex') };
  }
  const fd = fs.openSync(source.file, 'r');
  const buffer = Buffer.alloc(CHUNK);
  let size = 0;
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      size += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { name: source.name, size, sha256: hash.digest('hex') };
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`archive entry name too long: ${name}`);
  nameBytes.copy(block, 0);
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(mtime, 12), 136, 'ascii');
  block.fill(' ', 148, 156);
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/**
 * Writes the archive to `target` (created exclusively; fsynced): the manifest first, then every
 * source. `onEntry` is called after each entry (progress).
 */
export function writeArchive(
  target: string,
  manifest: BackupManifest,
  sources: readonly ArchiveSource[],
  onEntry?: (done: number, total: number) => void,
): void {
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestSum = createHash('sha256').update(manifestBytes).digest('hex');
  const entries: ArchiveSource[] = [
    { name: MANIFEST_NAME, bytes: manifestBytes },
    { name: MANIFEST_SUM_NAME, bytes: Buffer.from(`${manifestSum}  ${MANIFEST_NAME}\n`) },
    ...sources,
  ];
  const mtime = Math.floor(Date.parse(manifest.createdAt) / 1000);
  const fd = fs.openSync(target, 'wx', 0o600);
  try {
    const buffer = Buffer.alloc(CHUNK);
    entries.forEach((entry, index) => {
      const size = sourceSize(entry);
      fs.writeSync(fd, header(entry.name, size, mtime));
      if ('bytes' in entry) {
        fs.writeSync(fd, entry.bytes);
      } else {
        const input = fs.openSync(entry.file, 'r');
        try {
          let copied = 0;
          for (;;) {
            const read = fs.readSync(input, buffer, 0, CHUNK, null);
            if (read === 0) break;
            fs.writeSync(fd, buffer, 0, read);
            copied += read;
          }
          if (copied !== size) throw new Error(`${entry.file} changed while being archived`);
        } finally {
          fs.closeSync(input);
        }
      }
      fs.writeSync(fd, padding(size));
      onEntry?.(index + 1, entries.length);
    });
    fs.writeSync(fd, Buffer.alloc(BLOCK * 2));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** One entry of an archive being read: where its content lies in the file. */
export interface ArchiveEntry {
  name: string;
  size: number;
  offset: number;
}

function readExactly(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = fs.readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) throw new BackupError('restore.incomplete');
    done += read;
  }
  return buffer;
}

function isZero(buffer: Buffer): boolean {
  for (const byte of buffer) if (byte !== 0) return false;
  return true;
}

function parseOctal(field: Buffer): number {
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(text)) throw new BackupError('restore.notArchive');
  return parseInt(text, 8);
}

/** Lists the entries, checking every header's checksum, every padding and the end blocks. */
function listEntries(fd: number, fileSize: number): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let position = 0;
  for (;;) {
    if (position + BLOCK > fileSize) throw new BackupError('restore.incomplete');
    const block = readExactly(fd, BLOCK, position);
    if (isZero(block)) {
      const rest = readExactly(fd, fileSize - position, position);
      if (rest.length < BLOCK * 2 || !isZero(rest)) throw new BackupError('restore.notArchive');
      return entries;
    }
    const stored = parseOctal(block.subarray(148, 156));
    let sum = 0;
    for (let index = 0; index < BLOCK; index++) {
      sum += index >= 148 && index < 156 ? 32 : block[index]!;
    }
    if (sum !== stored || block.toString('ascii', 257, 262) !== 'ustar') {
      throw new BackupError('restore.notArchive');
    }
    if (block[156] !== 0x30) throw new BackupError('restore.notArchive');
    const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseOctal(block.subarray(124, 136));
    const offset = position + BLOCK;
    if (offset + size > fileSize) throw new BackupError('restore.incomplete');
    const pad = padding(size).length;
    if (pad > 0 && !isZero(readExactly(fd, pad, offset + size))) {
      throw new BackupError('restore.notArchive');
    }
    entries.push({ name, size, offset });
    position = offset + size + pad;
  }
}

function hashRange(fd: number, entry: ArchiveEntry): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(CHUNK);
  let done = 0;
  while (done < entry.size) {
    const length = Math.min(CHUNK, entry.size - done);
    const read = fs.readSync(fd, buffer, 0, length, entry.offset + done);
    if (read === 0) throw new BackupError('restore.incomplete');
    hash.update(buffer.subarray(0, read));
    done += read;
  }
  return hash.digest('hex');
}

/** A verified archive: its manifest, and a way to read its entries. */
export interface VerifiedArchive {
  manifest: BackupManifest;
  entries: ArchiveEntry[];
  /** Copies an entry's content to a file. */
  extractTo(name: string, target: string): void;
  /** An entry's content in memory (the PGlite dump). */
  read(name: string): Buffer;
}

/**
 * Reads and verifies the whole archive before anything is restored: the structure, the
 * manifest's own checksum, then every listed file's size and SHA-256; no entry may be missing or
 * unlisted. Throws BackupError on any difference.
 */
export function verifyArchive(
  file: string,
  onProgress?: (done: number, total: number) => void,
): VerifiedArchive {
  const fd = fs.openSync(file, 'r');
  try {
    const entries = listEntries(fd, fs.fstatSync(fd).size);
    const [manifestEntry, sumEntry, ...payload] = entries;
    if (manifestEntry?.name !== MANIFEST_NAME || sumEntry?.name !== MANIFEST_SUM_NAME) {
      throw new BackupError('restore.notArchive');
    }
    const manifestBytes = readExactly(fd, manifestEntry.size, manifestEntry.offset);
    const expectedSum = readExactly(fd, sumEntry.size, sumEntry.offset).toString('ascii');
    const actualSum = createHash('sha256').update(manifestBytes).digest('hex');
    if (expectedSum !== `${actualSum}  ${MANIFEST_NAME}\n`) {
      throw new BackupError('restore.checksum', { name: MANIFEST_NAME });
    }
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as BackupManifest;
    } catch {
      throw new BackupError('restore.notArchive');
    }
    if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files)) {
      throw new BackupError('restore.notArchive');
    }
    const listed = new Map(manifest.files.map((entry) => [entry.name, entry]));
    if (listed.size !== payload.length) {
      throw new BackupError('restore.incomplete');
    }
    payload.forEach((entry, index) => {
      const expected = listed.get(entry.name);
      if (!expected) throw new BackupError('restore.incomplete');
      if (expected.size !== entry.size || expected.sha256 !== hashRange(fd, entry)) {
        throw new BackupError('restore.checksum', { name: entry.name });
      }
      onProgress?.(index + 1, payload.length);
    });
    if (payload.length === 0) onProgress?.(0, 0);
    const byName = new Map(payload.map((entry) => [entry.name, entry]));
    const find = (name: string) => {
      const entry = byName.get(name);
      if (!entry) throw new BackupError('restore.incomplete');
      return entry;
    };
    return {
      manifest,
      entries: payload,
      read(name) {
        const entry = find(name);
        const input = fs.openSync(file, 'r');
        try {
          return readExactly(input, entry.size, entry.offset);
        } finally {
          fs.closeSync(input);
        }
      },
      extractTo(name, target) {
        const entry = find(name);
        const input = fs.openSync(file, 'r');
        const output = fs.openSync(target, 'wx', 0o640);
        try {
          const buffer = Buffer.alloc(CHUNK);
          let done = 0;
          while (done < entry.size) {
            const length = Math.min(CHUNK, entry.size - done);
            const read = fs.readSync(input, buffer, 0, length, entry.offset + done);
            if (read === 0) throw new BackupError('restore.incomplete');
            fs.writeSync(output, buffer, 0, read);
            done += read;
          }
          fs.fsyncSync(output);
        } finally {
          fs.closeSync(output);
          fs.closeSync(input);
        }
      },
    };
  } finally {
    fs.closeSync(fd);
  }
}
