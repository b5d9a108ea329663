import { recognitionNow } from './clock';
import { vietnamDate } from '../../../domain/recognition/calendar';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { loadSetById } from '../criteria/sets';
import type { readUnitData } from '../values/service';
import type { PublicDossierView } from './api';
import { decisionOfDossier } from './decisions';
import { commentsOf, documentsOf, isPublic } from './documents';
import { dossierState, latestSnapshot, loadDossierRow, stepOf, summaryOf, toIso } from './dossiers';

/**
 * The public page of a dossier (no login): shown while it is posted and once its decision is
 * published — the frozen self-assessment, the public documents, moderated comments with their
 * answers, and the decision. Never the values' authors, the comments' contacts or internal notes.
 */
export async function publicDossier(executor: Executor, id: string): Promise<PublicDossierView> {
  const row = await loadDossierRow(executor, id).catch(() => {
    throw new AppError('recognition.not_public', 404, {});
  });
  if (!isPublic(row)) throw new AppError('recognition.not_public', 404, {});
  const { state, template } = await dossierState(executor, row);
  const set = await loadSetById(executor, row.setId);
  const summary = await summaryOf(executor, row, template, set.code);
  const snapshot = await latestSnapshot(executor, row.id);
  const frozen = snapshot?.data as Awaited<ReturnType<typeof readUnitData>> | undefined;
  const step = stepOf(template, state.step);
  const decision = await decisionOfDossier(executor, row.id);
  return {
    id: row.id,
    reference: row.reference,
    kind: summary.kind,
    purpose: summary.purpose,
    unit: summary.unit,
    year: row.year,
    setCode: set.code,
    setName: set.name,
    status: summary.status,
    stepName: step?.name ?? row.step,
    posting:
      row.postedFrom && row.postedUntil
        ? {
            from: toIso(row.postedFrom)!,
            until: row.postedUntil,
            open:
              state.status === 'in_progress' &&
              !!step?.features.includes('public_posting') &&
              vietnamDate(recognitionNow().toISOString()) <= row.postedUntil,
          }
        : null,
    evaluation: frozen?.evaluation ?? null,
    documents: await documentsOf(executor, row.id, true),
    comments: await commentsOf(executor, row.id, { includeHidden: false }),
    decision: decision?.publishedAt ? decision : null,
  };
}
