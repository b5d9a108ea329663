import { afterCommit } from '../../db/commit-hooks';

/**
 * A small in-process cache for facts derived from the unit hierarchy (which unit holds a code in a
 * year, a unit's class, whether a unit is covered by others). Entries expire after `ttlMs`, and
 * every change of units, lineage or attributes made by this process drops them all at once
 * (`unitsChanged`). Another process changing units (a CLI import against a shared PostgreSQL) is
 * seen within the TTL.
 */

let generation = 0;

/** Drops every cached fact derived from units (call after writing units, lineage or attributes). */
export function unitsChanged(): void {
  // Now (this transaction's own later reads must not see facts it changed) and after the commit
  // (facts another request cached from the old snapshot meanwhile are dropped too).
  generation++;
  afterCommit(() => {
    generation++;
  });
}

/** A number that changes whenever cached unit facts are dropped (for other caches' keys). */
export function unitsGeneration(): number {
  return generation;
}

export class UnitFactsCache<Value> {
  private readonly entries = new Map<
    string,
    { value: Value; expires: number; generation: number }
  >();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly limit = 10_000,
  ) {}

  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || entry.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: Value): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs, generation });
  }
}
