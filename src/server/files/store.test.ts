import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore, filesDirectoryFor, sha256Of, type FileStore } from './store';

let root: string;
let store: FileStore;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-store-test-'));
  store = createFileStore(path.join(root, 'files'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function filesUnder(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)));
}

describe('content-addressed file store', () => {
  it('stores bytes under ab/cd/<sha256> and reads them back', async () => {
    const bytes = Buffer.from('Biên bản nghiệm thu đường giao thông nông thôn');
    const sha = await store.putFile(bytes);
    expect(sha).toBe(sha256Of(bytes));
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(store.pathOf(sha)).toBe(path.join(root, 'files', sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(await store.hasFile(sha)).toBe(true);
    expect((await store.readFile(sha)).equals(bytes)).toBe(true);

    const chunks: Buffer[] = [];
    for await (const chunk of store.openStream(sha)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('writes the same content once, leaving no temporary file', async () => {
    const bytes = Buffer.from('same content');
    const first = await store.putFile(bytes);
    const mtime = fs.statSync(store.pathOf(first)).mtimeMs;
    const [second, third] = await Promise.all([store.putFile(bytes), store.putFile(bytes)]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(fs.statSync(store.pathOf(first)).mtimeMs).toBe(mtime);
    expect(filesUnder(path.join(root, 'files', 'tmp'))).toEqual([]);
    expect(filesUnder(path.join(root, 'files')).filter((f) => f.endsWith(first))).toHaveLength(1);
  });

  it('stores an empty buffer too (the callers refuse empty uploads)', async () => {
    const sha = await store.putFile(Buffer.alloc(0));
    expect((await store.readFile(sha)).length).toBe(0);
  });

  it('answers false / ENOENT for unknown content', async () => {
    const unknown = 'f'.repeat(64);
    expect(await store.hasFile(unknown)).toBe(false);
    await expect(store.readFile(unknown)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never turns a name that is not a digest into a path', async () => {
    for (const name of ['../../etc/passwd', 'ABCDEF'.repeat(11).slice(0, 64), 'a'.repeat(63), '']) {
      expect(() => store.pathOf(name)).toThrow(/not a SHA-256/);
      await expect(store.hasFile(name)).rejects.toThrow(/not a SHA-256/);
    }
  });

  it('keeps files in the data directory, or a temporary one for an in-memory database', () => {
    expect(filesDirectoryFor('/srv/ntm', { engine: 'postgres', location: 'db:5432/ntm' })).toEqual({
      directory: path.join('/srv/ntm', 'files'),
      temporary: false,
    });
    expect(
      filesDirectoryFor('/srv/ntm', { engine: 'pglite', location: '/srv/ntm/pgdata' }),
    ).toEqual({ directory: path.join('/srv/ntm', 'files'), temporary: false });
    const memory = filesDirectoryFor('/srv/ntm', { engine: 'pglite', location: 'memory' });
    expect(memory.temporary).toBe(true);
    expect(memory.directory.startsWith(os.tmpdir())).toBe(true);
    expect(fs.existsSync(memory.directory)).toBe(true);
    fs.rmSync(memory.directory, { recursive: true, force: true });
  });
});
