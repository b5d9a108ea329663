import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { RequestContext } from '../../auth/actor';
import { users } from '../accounts/tables';

/**
 * Test data only: a provincial set of a province (Hà Nội's code, "01") that extends the shipped
 * commune set 2021–2025. Its numbers are made up for the tests and are no official threshold.
 */
export const PROVINCE_SET_CODE = 'kiem-thu-01-xa-ntm-2021-2025';

/** Tightens 3.1 (≥ 80 → ≥ 90) and 15.3 in ĐBSH (≤ 16,5 → ≤ 15). */
export const provinceSetYaml = `code: ${PROVINCE_SET_CODE}
name: Bộ tiêu chí thử nghiệm của tỉnh (dữ liệu kiểm thử)
issuer: '01'
basis: Văn bản thử nghiệm (không phải văn bản thật)
extends: xa-ntm-2021-2025
criteria:
  - code: '3'
    indicators:
      - code: '3.1'
        rule: { op: gte, value: 90 }
  - code: '15'
    indicators:
      - code: '15.3'
        rule:
          op: lte
          byClass: { TDMNPB: 24, DBSH: 15, BTB: 25, DHNTB: 22, TN: 26.5, DNB: 14.5, DBSCL: 19 }
`;

/** The same set, loosening 15.3 in ĐBSH (≤ 16,5 → ≤ 20): refused at line 16. */
export const looseningYaml = provinceSetYaml.replace('DBSH: 15,', 'DBSH: 20,');
export const LOOSENING_LINE = 16;

/** A broken set: an operator that does not exist, on line 16. */
export const BROKEN_LINE = 16;
export const brokenYaml = `code: kiem-thu-hong
name: Bộ tiêu chí hỏng (dữ liệu kiểm thử)
issuer: central
basis: Văn bản thử nghiệm
level: commune
validFrom: 2026-01-01
validTo: 2030-12-31
classification: none
criteria:
  - code: '1'
    name: Quy hoạch
    indicators:
      - code: '1.1'
        name: Có quy hoạch chung
        type: boolean
        rule: { op: sometimes, value: true }
      - code: '1.2'
        name: Tỷ lệ
        type: percent
        rule: { op: gte, value: 120 }
`;

/** A small complete set (no parent), valid. */
export function smallSetYaml(code: string, name = 'Bộ tiêu chí nhỏ (dữ liệu kiểm thử)'): string {
  return `code: ${code}
name: ${name}
issuer: central
basis: Văn bản thử nghiệm
level: commune
validFrom: 2026-01-01
validTo: 2030-12-31
classification: group
classes: ['1', '2', '3']
criteria:
  - code: '1'
    name: Quy hoạch
    indicators:
      - code: '1.1'
        name: Tỷ lệ thử nghiệm
        type: percent
        rule: { op: gte, byClass: { '1': 90, default: 80 } }
`;
}

/** A request context of the demo administrator (the row exists in the seeded test database). */
export async function adminContext(executor: Executor): Promise<RequestContext> {
  const [admin] = await executor.select().from(users).where(eq(users.username, 'admin'));
  if (!admin) throw new Error('the demo administrator is missing from the test database');
  return {
    actor: {
      userId: admin.id,
      username: admin.username,
      displayName: admin.displayName,
      assignments: [{ role: 'admin', unitId: null, unitCode: null }],
      mustChangePassword: false,
    },
    ip: '127.0.0.1',
    requestId: 'test',
  };
}
