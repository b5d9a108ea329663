import type {
  ActionType,
  DossierState,
  ProcedureTemplate,
} from '../../../domain/recognition/types';
import type { Tx } from '../../db/client';
import { roleHoldersOver } from '../accounts/holders';
import { notifyUsers } from '../notifications/service';
import { findUnitById } from '../units/lookup';
import { stepOf, type DossierRow } from './dossiers';

/**
 * Tells whoever acts next: the holders of the current step's roles at its level over the
 * dossier's unit (or, when the dossier is returned, refused or published, those of its first step).
 */
export async function notifyStepActors(
  tx: Tx,
  row: DossierRow,
  template: ProcedureTemplate,
  state: DossierState,
  action: ActionType,
): Promise<void> {
  const target = state.status === 'in_progress' ? stepOf(template, state.step) : template.steps[0];
  if (!target) return;
  const holders = await roleHoldersOver(tx, row.unitId, target.actor.roles);
  const recipients: string[] = [];
  for (const holder of holders) {
    if (holder.unitId === null) {
      if (target.actor.level === 'central') recipients.push(holder.userId);
      continue;
    }
    const unit = await findUnitById(tx, holder.unitId);
    if (unit?.level === target.actor.level) recipients.push(holder.userId);
  }
  const unit = await findUnitById(tx, row.unitId);
  const kind =
    state.status === 'in_progress'
      ? action === 'return'
        ? 'recognition.returned'
        : 'recognition.awaiting'
      : `recognition.${state.status}`;
  await notifyUsers(tx, recipients, {
    kind,
    params: {
      reference: row.reference,
      unit: unit?.name ?? '',
      step: stepOf(template, state.step)?.name ?? state.step,
    },
    link: `/ho-so/${row.id}`,
  });
}
