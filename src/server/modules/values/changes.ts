import { afterCommit } from '../../db/commit-hooks';

/**
 * A counter of changes to stored evaluations and approvals made by this process, so that caches of
 * roll-ups built from them (dashboards) drop at once after a local write. Other processes' writes
 * are seen through the database (see the statistics service).
 */
let generation = 0;

/**
 * Call after storing evaluations or changing a submission's status: the generation moves once the
 * transaction has committed (at once outside one), so no reader caches the old snapshot as new.
 */
export function evaluationsChanged(): void {
  afterCommit(() => {
    generation++;
  });
}

export function evaluationsGeneration(): number {
  return generation;
}
