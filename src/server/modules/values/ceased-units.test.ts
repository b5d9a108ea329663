import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { UnitValuesResponse } from './api';

/**
 * A commune that ceased on 30/06/2025 carries no 2025 data: a year's values belong to the unit
 * that held the code on 31/12 of the year (docs/adr/0005-units-ceased-mid-2025.md).
 */

let testApp: TestApp;
let commune: string;

/** The old Xã Lang Thíp (Văn Yên, Yên Bái), 01/01/2021–30/06/2025, merged into Xã Lâm Giang. */
const LANG_THIP = '04378';
/** The old Xã Lâm Giang until 30/06/2025; from 01/07/2025 the code of the new Xã Lâm Giang (Lào Cai). */
const LAM_GIANG = '04381';
const SET = 'xa-ntm-2021-2025';

const valuesUrl = (code: string, year: number) =>
  `/api/v1/units/${code}/values?set=${SET}&year=${year}`;

beforeAll(async () => {
  testApp = await createTestApp();
  // The new Xã Lâm Giang's officer covers the old Lang Thíp and Lâm Giang through the lineage.
  commune = await signIn(testApp.app, 'xa.lamgiang');
});
afterAll(async () => {
  await testApp.close();
});

async function get(url: string) {
  const response = await testApp.app.inject({ method: 'GET', url, headers: { cookie: commune } });
  return { status: response.statusCode, body: response.json<unknown>() };
}

describe('a unit that ceased on 30/06/2025', () => {
  it('keeps its data up to 2024, under its own version', async () => {
    const { status, body } = await get(valuesUrl(LANG_THIP, 2024));
    expect(status).toBe(200);
    expect((body as UnitValuesResponse).unit).toMatchObject({
      code: LANG_THIP,
      name: 'Xã Lang Thíp',
      validTo: '2025-06-30',
    });
  });

  it('has no 2025 data: its code designates nobody on 31/12/2025', async () => {
    const { status, body } = await get(valuesUrl(LANG_THIP, 2025));
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'values.unit_not_in_year' } });
    expect(JSON.stringify(body)).toContain('Xã Lang Thíp 01/01/2021–30/06/2025');
  });

  it('whose code was reused: 2025 is the successor, 2024 the old unit', async () => {
    const in2025 = await get(valuesUrl(LAM_GIANG, 2025));
    expect(in2025.status).toBe(200);
    const unit2025 = (in2025.body as UnitValuesResponse).unit;
    expect(unit2025).toMatchObject({ code: LAM_GIANG, validFrom: '2025-07-01' });
    expect(unit2025.ancestors.map((a) => a.name)).toContain('Tỉnh Lào Cai');

    const in2024 = await get(valuesUrl(LAM_GIANG, 2024));
    expect(in2024.status).toBe(200);
    const unit2024 = (in2024.body as UnitValuesResponse).unit;
    expect(unit2024).toMatchObject({ code: LAM_GIANG, validTo: '2025-06-30' });
    expect(unit2024.ancestors.map((a) => a.name)).toContain('Tỉnh Yên Bái');
  });
});
