import { vietnamDate } from './calendar';
import type { DossierKind, DossierPurpose, ProcedureTemplate } from './types';

/** Is the template in force on this ISO date (validFrom ≤ date ≤ validTo)? */
export function templateValidOn(template: ProcedureTemplate, isoDate: string): boolean {
  return (
    template.validFrom <= isoDate && (template.validTo === null || isoDate <= template.validTo)
  );
}

/** The templates in force on a date, by code then highest version first. */
export function templatesOnDate(
  templates: readonly ProcedureTemplate[],
  isoDate: string,
): ProcedureTemplate[] {
  return templates
    .filter((t) => templateValidOn(t, isoDate))
    .sort((a, b) => (a.code === b.code ? b.version - a.version : a.code < b.code ? -1 : 1));
}

/**
 * The template a dossier of this kind and purpose opened on `openedOn` (an ISO date, or a timestamp taken in Vietnam) follows: the
 * highest version in force that day (ties broken by the latest validFrom, then the code), or null.
 */
export function templateFor(
  templates: readonly ProcedureTemplate[],
  kind: DossierKind,
  purpose: DossierPurpose,
  openedOn: string,
): ProcedureTemplate | null {
  const date = vietnamDate(openedOn);
  let best: ProcedureTemplate | null = null;
  for (const t of templates) {
    if (t.purpose !== purpose || !t.kinds.includes(kind) || !templateValidOn(t, date)) continue;
    if (
      best === null ||
      t.version > best.version ||
      (t.version === best.version &&
        (t.validFrom > best.validFrom || (t.validFrom === best.validFrom && t.code < best.code)))
    )
      best = t;
  }
  return best;
}
