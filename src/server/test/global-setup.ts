import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { seedDatabase } from '../db/seed';
import {
  createDatabase,
  dropDatabase,
  testServerUrl,
  uniqueDatabaseName,
  urlForDatabase,
} from './postgres';

/** Where each test file's database is cloned from: migrated and seeded once per run. */
export type DatabaseTemplate =
  | { engine: 'pglite'; dumpFile: string }
  | { engine: 'postgres'; serverUrl: string; templateName: string };

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate;
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = testServerUrl();
  const began = Date.now();
  if (serverUrl) {
    const templateName = uniqueDatabaseName('ntm_tpl');
    await createDatabase(serverUrl, templateName);
    const handle = await openDatabase({ url: urlForDatabase(serverUrl, templateName) });
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle, { demo: true });
    } finally {
      await handle.close();
    }
    project.provide('databaseTemplate', { engine: 'postgres', serverUrl, templateName });
    process.stdout.write(`Test database template (PostgreSQL) ready in ${Date.now() - began} ms\n`);
    return async () => {
      await dropDatabase(serverUrl, templateName);
    };
  }
  const handle = await openDatabase({});
  let dumpFile: string;
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle, { demo: true });
    const dump = await handle.pglite!.dumpDataDir('none');
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-test-template-'));
    dumpFile = path.join(directory, 'template.tar');
    fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await handle.close();
  }
  project.provide('databaseTemplate', { engine: 'pglite', dumpFile });
  process.stdout.write(`Test database template (PGlite) ready in ${Date.now() - began} ms\n`);
  return () => {
    fs.rmSync(path.dirname(dumpFile), { recursive: true, force: true });
  };
}
