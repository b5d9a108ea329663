import type { Tx } from '../../db/client';

/**
 * What other modules do, in the same transaction, when a unit's class may have changed (an
 * attribute or a class override written): the values module re-evaluates the unit's stored
 * results. Units does not know the values module; the composition root (`server/app.ts`) connects
 * them, so the dependency runs one way (values → units).
 */
export type UnitClassChangeHandler = (
  tx: Tx,
  unitId: number,
  fromYear: number,
  toYear?: number,
) => Promise<number>;

let handler: UnitClassChangeHandler | null = null;

/** Registers what runs when a unit's class may have changed (one handler; the last one wins). */
export function onUnitClassChange(next: UnitClassChangeHandler): void {
  handler = next;
}

/** Runs the registered handler: how many stored results it refreshed (0 without a handler). */
export async function unitClassChanged(
  tx: Tx,
  unitId: number,
  fromYear: number,
  toYear?: number,
): Promise<number> {
  return handler ? handler(tx, unitId, fromYear, toYear) : 0;
}
