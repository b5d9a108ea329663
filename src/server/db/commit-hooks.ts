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

const scope = new AsyncLocalStorage<Array<() => void>>();

export function afterCommit(callback: () => void): void {
  const queued = scope.getStore();
  if (queued) queued.push(callback);
  else callback();
}

/** Runs `transaction` (which commits when it resolves) and then the callbacks it queued. */
export async function withCommitHooks<T>(transaction: () => Promise<T>): Promise<T> {
  if (scope.getStore()) return transaction();
  const queued: Array<() => void> = [];
  const result = await scope.run(queued, transaction);
  for (const callback of queued) callback();
  return result;
}

/** Makes `db.transaction` open a commit-hook scope (the handle's own method, wrapped once). */
export function installCommitHooks<Database extends { transaction: (...args: never[]) => unknown }>(
  db: Database,
): Database {
  const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (
    ...args: unknown[]
  ) => withCommitHooks(() => transaction(...args));
  return db;
}
