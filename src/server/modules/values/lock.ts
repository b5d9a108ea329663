import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import type { SubmissionStatus } from './api';
import type { EntryTarget } from './target';

/** Who a change is attributed to, by name (kept in history even if the account is renamed). */
export function actorName(context: RequestContext): string {
  return context.actor?.displayName ?? context.actor?.username ?? context.requestId ?? 'system';
}

/**
 * Locks the target's submission row (creating it as a draft) for the rest of the transaction and
 * returns its status. All writes to one unit-set-year pass here, so they run one after another.
 */
export async function lockSubmission(tx: Tx, target: EntryTarget): Promise<SubmissionStatus> {
  const lock = () =>
    queryRows<{ status: SubmissionStatus }>(
      tx,
      sql`SELECT status FROM submission
          WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}
          FOR UPDATE`,
    );
  let [row] = await lock();
  if (!row) {
    await tx.execute(
      sql`INSERT INTO submission (unit_id, set_id, year, province_code)
          VALUES (${target.unit.id}, ${target.set.id}, ${target.year}, ${target.provinceCode})
          ON CONFLICT DO NOTHING`,
    );
    [row] = await lock();
  }
  return row!.status;
}

/** Refuses a write to submitted or approved data (423, naming the unit and the status). */
export function assertEditable(target: EntryTarget, status: SubmissionStatus): void {
  if (status === 'submitted' || status === 'approved') {
    throw new AppError('values.locked', 423, {
      unit: target.unit.name,
      year: target.year,
      status: `@values.status.${status}`,
    });
  }
}
