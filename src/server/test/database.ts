import fs from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { createDatabase, dropDatabase, uniqueDatabaseName } from './postgres';

/**
 * A fresh database for one test file, cloned from the run's migrated and seeded template
 * (PGlite: loaded from a dump; PostgreSQL: CREATE DATABASE … TEMPLATE). Closing drops it.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const template = inject('databaseTemplate');
  if (template.engine === 'pglite') {
    const dump = new Blob([fs.readFileSync(template.dumpFile)]);
    return openDatabase({ loadDataDir: dump });
  }
  const name = uniqueDatabaseName('ntm_t');
  const url = await createDatabase(template.serverUrl, name, template.templateName);
  const handle = await openDatabase({ url, maxConnections: 4 });
  return {
    ...handle,
    db: handle.db,
    exclusive: (work) => handle.exclusive(work),
    async close() {
      await handle.close();
      await dropDatabase(template.serverUrl, name);
    },
  };
}
