/**
 * SQL that still names another module's tables (ADR 0004): each entry is owed, with why it is
 * still there. `src/architecture.test.ts` refuses any use not listed and any listed use repaid but
 * left in the list, so the list can only shrink.
 */
export interface SqlDebt {
  /** `path/from/src.ts: table` */
  use: string;
  why: string;
}

export const crossModuleSqlDebt: readonly SqlDebt[] = [
  {
    use: 'server/modules/accounts/sessions.ts: unit',
    why: 'the session query returns each role assignment with its unit code in one round trip (every signed-in request); a units service call would add a query',
  },
  {
    use: 'server/modules/evaluation/reevaluate.ts: criteria_set',
    why: 're-evaluation groups stored evaluations by set code; to go through criteria/sets.ts',
  },
  {
    use: 'server/modules/evaluation/reevaluate.ts: evaluation',
    why: 'the evaluation table is still declared in values/tables.ts (issue 10 wants the evaluation module to own it and the values module to call its service to store results)',
  },
  {
    use: 'server/modules/evaluation/reevaluate.ts: indicator_value',
    why: 're-evaluation reads a batch’s values as arrays in one query; to become a values service function',
  },
  {
    use: 'server/modules/evaluation/reevaluate.ts: submission',
    why: 'the batch lock is the save’s lock (values/lock.ts); to become a values service function locking many submissions',
  },
  {
    use: 'server/modules/evaluation/rollup.ts: evaluation',
    why: 'see reevaluate.ts: evaluation (table ownership still in values)',
  },
  {
    use: 'server/modules/evaluation/rollup.ts: submission',
    why: 'approved-only roll-ups test the submission status; a denormalised approved flag on evaluation would end it',
  },
  {
    use: 'server/modules/evaluation/rollup.ts: unit',
    why: 'roll-ups place communes on a map in SQL (one statement for the country); the placement SQL is to move into the units module as a fragment it exports',
  },
  {
    use: 'server/modules/evaluation/rollup.ts: unit_lineage',
    why: 'as above: re-cutting to today’s map follows the lineage in SQL',
  },
  {
    use: 'server/modules/evaluation/service.ts: evaluation',
    why: 'the data version (max computed_at); table ownership still in values',
  },
  {
    use: 'server/modules/evaluation/service.ts: submission',
    why: 'the data version (max updated_at) and the commune list’s submission status',
  },
  {
    use: 'server/modules/evaluation/service.ts: unit',
    why: 'the commune list names each commune’s ancestors in SQL (paged)',
  },
  {
    use: 'server/modules/targets/service.ts: evaluation',
    why: 'indicator and district targets count stored evaluations in SQL; to become evaluation service roll-ups',
  },
  {
    use: 'server/modules/targets/service.ts: unit',
    why: 'targets count units in scope in SQL',
  },
  {
    use: 'server/modules/values/demo.ts: unit',
    why: 'demo data picks the demo communes (seed only)',
  },
  {
    use: 'server/modules/values/demo.ts: unit_lineage',
    why: 'demo data follows the 2025 lineage (seed only)',
  },
  {
    use: 'server/modules/values/district.ts: criteria_set',
    why: 'district conditions look up the advanced commune set by kind; to move into criteria/sets.ts',
  },
  {
    use: 'server/modules/values/district.ts: unit',
    why: 'a district’s communes counted in SQL on 31/12',
  },
  {
    use: 'server/modules/values/evidence.ts: criteria_set',
    why: 'evidence names its set in a join; to go through criteria/sets.ts',
  },
  {
    use: 'server/modules/values/export.ts: unit',
    why: 'the export lists a province’s communes with their values in one query',
  },
  {
    use: 'server/modules/values/import.ts: unit',
    why: 'the importer matches a file’s commune codes to units in one set-based query',
  },
  {
    use: 'server/modules/values/service.ts: unit',
    why: 'history and approval views name units in SQL',
  },
  {
    use: 'server/modules/values/service.ts: unit_lineage',
    why: 'values of predecessors shown beside a merged commune’s form',
  },
  {
    use: 'server/modules/values/submission.ts: app_user',
    why: 'who to notify of a submission is found in SQL; to become an accounts service call',
  },
  {
    use: 'server/modules/values/submission.ts: role_assignment',
    why: 'as above',
  },
  {
    use: 'server/modules/values/target.ts: unit',
    why: 'the province code of a unit (distribution key); to use units/lookup.ts',
  },
];
