import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A content-addressed file store: uploaded bytes are kept under their SHA-256, in
 * `<root>/ab/cd/<sha256>` (the first two pairs of hex digits spread the files over directories).
 * The root lives in the data directory, outside the web root; nothing here is ever served
 * directly. A file is written to a temporary name in `<root>/tmp/` then renamed, so a reader never
 * sees half a file; writing the same content twice is a no-op. The app never deletes a file
 * (deleting evidence is a mark in the database).
 */
export interface FileStore {
  /** The directory the files live in. */
  readonly root: string;
  /** Stores the bytes (if not already there) and returns their SHA-256 (64 lowercase hex digits). */
  putFile(bytes: Buffer): Promise<string>;
  /** The bytes stored under `sha256`; rejects (ENOENT) when there are none. */
  readFile(sha256: string): Promise<Buffer>;
  /** A stream of the bytes stored under `sha256` (errors with ENOENT when there are none). */
  openStream(sha256: string): fs.ReadStream;
  hasFile(sha256: string): Promise<boolean>;
  /** Where the file of `sha256` is (or would be) stored. */
  pathOf(sha256: string): string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The SHA-256 of some bytes, as the store names them. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkedName(sha256: string): string {
  // The name becomes a path: only a real digest is accepted, never `../` or anything else.
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 digest: ${JSON.stringify(sha256)}`);
  return sha256;
}

export function createFileStore(root: string): FileStore {
  const resolvedRoot = path.resolve(root);
  const tmpDir = path.join(resolvedRoot, 'tmp');

  const pathOf = (sha256: string): string => {
    const name = checkedName(sha256);
    return path.join(resolvedRoot, name.slice(0, 2), name.slice(2, 4), name);
  };

  const hasFile = async (sha256: string): Promise<boolean> => {
    try {
      return (await fs.promises.stat(pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  };

  return {
    root: resolvedRoot,
    pathOf,
    hasFile,

    async putFile(bytes) {
      const sha256 = sha256Of(bytes);
      const target = pathOf(sha256);
      if (await hasFile(sha256)) return sha256;
      await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
      await fs.promises.mkdir(tmpDir, { recursive: true, mode: 0o750 });
      const temporary = path.join(
        tmpDir,
        `${sha256}.${process.pid}.${randomBytes(6).toString('hex')}`,
      );
      const handle = await fs.promises.open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } catch (error) {
        await handle.close();
        await fs.promises.rm(temporary, { force: true });
        throw error;
      }
      await handle.close();
      try {
        // Atomic on one file system; a concurrent writer of the same content renames the same bytes.
        await fs.promises.rename(temporary, target);
      } catch (error) {
        await fs.promises.rm(temporary, { force: true });
        throw error;
      }
      return sha256;
    },

    readFile: (sha256) => fs.promises.readFile(pathOf(sha256)),

    openStream: (sha256) => fs.createReadStream(pathOf(sha256)),
  };
}

/**
 * The directory uploaded files go to: `<dataDir>/files`, or a fresh temporary directory when the
 * database itself is in memory (tests, throw-away runs), whose files would outlive no data.
 */
export function filesDirectoryFor(
  dataDir: string,
  database: { engine: string; location: string },
): { directory: string; temporary: boolean } {
  if (database.engine === 'pglite' && database.location === 'memory') {
    return { directory: fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-files-')), temporary: true };
  }
  return { directory: path.join(dataDir, 'files'), temporary: false };
}
