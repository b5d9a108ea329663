import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Work to run once the current transaction has committed — in practice, dropping process caches
 * built from what the transaction changed. Dropping them before the commit would let a reader
 * rebuild a cache from the old snapshot between the drop and the commit, and keep it as if new.
 *
 * Every `db.transaction(…)` of a handle from `openDatabase` opens a scope (see `client.ts`);
 * `afterCommit` inside it queues the callback, and the callbacks run, in order, after the commit
 * (never after a rollback). Outside a transaction the callback runs at once.
 */

interface TransactionScope {
  queued: Array<() => void>;
  database: string;
}

const scope = new AsyncLocalStorage<TransactionScope>();

export function afterCommit(callback: () => void): void {
  const current = scope.getStore();
  if (current) current.queued.push(callback);
  else callback();
}

/** Runs `transaction` (which commits when it resolves) and then the callbacks it queued. */
export async function withCommitHooks<T>(
  database: string,
  transaction: () => Promise<T>,
): Promise<T> {
  if (scope.getStore()) return transaction();
  const current: TransactionScope = { queued: [], database };
  const result = await scope.run(current, transaction);
  for (const callback of current.queued) callback();
  return result;
}

const databaseIds = new WeakMap<object, string>();
let opened = 0;

/**
 * Makes `db.transaction` open a commit-hook scope (the handle's own method, wrapped once) and
 * gives the handle an identity for process caches (`databaseKey`).
 */
export function installCommitHooks<Database extends { transaction: (...args: never[]) => unknown }>(
  db: Database,
): Database {
  const id = `db${++opened}`;
  databaseIds.set(db, id);
  const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (
    ...args: unknown[]
  ) => withCommitHooks(id, () => transaction(...args));
  return db;
}

/**
 * Which database an executor (a handle's `db`, or a transaction opened from it) belongs to, so a
 * process that opens two databases (a benchmark, a CLI command, a test) never serves one the
 * facts cached from the other. Unknown executors share one key.
 */
export function databaseKey(executor: object): string {
  return databaseIds.get(executor) ?? scope.getStore()?.database ?? 'db';
}
