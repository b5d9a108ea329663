import { ApiError } from '../../lib/api';
import type { DossierDetail, Refusal } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where the extras of an error may sit: beside `error`, or in its `params`. */
function places(error: unknown): Record<string, unknown>[] {
  if (!(error instanceof ApiError)) return [];
  const found: Record<string, unknown>[] = [];
  if (isRecord(error.body)) {
    found.push(error.body);
    if (isRecord(error.body.error)) found.push(error.body.error);
  }
  found.push(error.params);
  return found;
}

/** A 409: someone else changed the dossier. Returns the dossier as it is now, when sent. */
export function isConflict(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 409) return false;
  // Other 409s (a dossier of the same kind already open…) are plain refusals with their message.
  return (
    error.code.endsWith('version_conflict') ||
    places(error).some((place) => typeof place.current === 'object' && place.current !== null)
  );
}

export function conflictCurrent(error: unknown): DossierDetail | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  for (const place of places(error)) {
    const current = place.current;
    if (
      isRecord(current) &&
      typeof current.id === 'string' &&
      typeof current.version === 'number'
    ) {
      return current as unknown as DossierDetail;
    }
  }
  return null;
}

/** The reasons of a 422 refusal, each in Vietnamese; [] when there are none. */
export function refusalsOf(error: unknown): Refusal[] {
  for (const place of places(error)) {
    const list = place.refusals;
    if (Array.isArray(list)) {
      return list
        .filter(isRecord)
        .map((item) => ({
          code: typeof item.code === 'string' ? item.code : '',
          message: typeof item.message === 'string' ? item.message : '',
        }))
        .filter((item) => item.message !== '');
    }
  }
  return [];
}
