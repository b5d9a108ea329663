import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import type { Me, RoleAssignment } from '../auth/types';
import { canManageSheets, canRevokeCertificates, isOcopOffice } from './roles';
import { sheetProblems } from './useOcopAdmin';

function me(...roles: RoleAssignment[]): Me {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'someone',
    displayName: 'Someone',
    email: null,
    phone: null,
    unit: null,
    roles,
    mustChangePassword: false,
  };
}
const laoCai = { code: '15', name: 'Tỉnh Lào Cai', level: 'province' };

describe('OCOP office roles on the web', () => {
  it('shows the sheets page to administrators and the central office only', () => {
    expect(canManageSheets(me({ role: 'admin', unit: null }))).toBe(true);
    expect(canManageSheets(me({ role: 'central', unit: null }))).toBe(true);
    expect(canManageSheets(me({ role: 'province', unit: laoCai }))).toBe(false);
    expect(canManageSheets(null)).toBe(false);
  });

  it("offers revocation to national accounts and to the certificate's own province", () => {
    expect(canRevokeCertificates(me({ role: 'central', unit: null }), '15')).toBe(true);
    expect(canRevokeCertificates(me({ role: 'province', unit: laoCai }), '15')).toBe(true);
    expect(canRevokeCertificates(me({ role: 'province', unit: laoCai }), '01')).toBe(false);
    expect(canRevokeCertificates(me({ role: 'province', unit: laoCai }), null)).toBe(false);
    expect(canRevokeCertificates(me({ role: 'producer', unit: null }), '15')).toBe(false);
    expect(canRevokeCertificates(undefined, '15')).toBe(false);
  });

  it('shows the figures card to offices, not to producers or council members', () => {
    expect(isOcopOffice(me({ role: 'commune', unit: laoCai }))).toBe(true);
    expect(isOcopOffice(me({ role: 'producer', unit: null }))).toBe(false);
    expect(isOcopOffice(me({ role: 'ocop_council', unit: null }))).toBe(false);
  });
});

describe('sheetProblems', () => {
  it("lists a 422's problems with their rows and columns", () => {
    const problems = [
      { row: 4, column: 'F', message: 'Điểm phải là số' },
      { row: null, column: null, message: 'Không có phiên bản quy định OCOP 99-2099.' },
    ];
    const error = new ApiError(
      422,
      'ocop.sheet_invalid',
      'Phiếu có lỗi',
      {},
      {
        error: { code: 'ocop.sheet_invalid' },
        errors: problems,
      },
    );
    expect(sheetProblems(error)).toEqual(problems);
  });

  it('gives none for other errors', () => {
    expect(sheetProblems(new ApiError(409, 'conflict', 'x', {}, { errors: [] }))).toEqual([]);
    expect(sheetProblems(new Error('x'))).toEqual([]);
    expect(sheetProblems(null)).toEqual([]);
  });
});
