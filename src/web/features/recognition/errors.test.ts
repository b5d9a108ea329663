import { describe, expect, it } from 'vitest';
import { toApiError } from '../../lib/api';
import { conflictCurrent, isConflict, refusalsOf } from './errors';

describe('recognition errors', () => {
  it('finds the current dossier beside a 409', () => {
    const current = { id: '5b1c0c34-0000-4000-8000-000000000000', version: 7 };
    const error = toApiError(409, {
      error: { code: 'recognition.version_conflict', message: 'Hồ sơ đã thay đổi' },
      current,
    });
    expect(isConflict(error)).toBe(true);
    expect(conflictCurrent(error)).toEqual(current);
    const exists = toApiError(409, {
      error: { code: 'recognition.dossier_exists', message: 'Đơn vị đã có hồ sơ' },
    });
    expect(isConflict(exists)).toBe(false);
    expect(
      isConflict(
        toApiError(409, { error: { code: 'recognition.version_conflict', message: 'x' } }),
      ),
    ).toBe(true);
    expect(conflictCurrent(toApiError(422, { error: { code: 'x', message: 'y' } }))).toBeNull();
  });

  it('lists the reasons of a 422, beside the error or in its params', () => {
    const refusals = [{ code: 'missing_document', message: 'Thiếu tờ trình' }];
    expect(refusalsOf(toApiError(422, { error: { code: 'r', message: 'm' }, refusals }))).toEqual(
      refusals,
    );
    expect(
      refusalsOf(toApiError(422, { error: { code: 'r', message: 'm', params: { refusals } } })),
    ).toEqual(refusals);
    expect(refusalsOf(new Error('x'))).toEqual([]);
  });
});
