import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Assignment } from '../../auth/actor';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../test/database';
import { todayInVietnam } from '../units/model';
import { getUnit } from '../units/service';
import { allowedActions, isResponsibleOffice } from './policy';

/** Only the commune of the report (or the administrator) is the responsible office that closes. */

let database: DatabaseHandle;
let communeId: number;
let provinceId: number;

const actor = (...assignments: Assignment[]): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'test',
  displayName: 'Test',
  assignments,
  mustChangePassword: false,
});

beforeAll(async () => {
  database = await createTestDatabase();
  communeId = (await getUnit(database.db, '04381', todayInVietnam())).id;
  provinceId = (await getUnit(database.db, '15', todayInVietnam())).id;
});
afterAll(async () => {
  await database.close();
});

describe('the responsible office of a report', () => {
  it('is the commune officer of its commune, or the administrator', async () => {
    const db = database.db;
    const commune = actor({ role: 'commune', unitId: communeId, unitCode: '04381' });
    expect(await isResponsibleOffice(db, commune, communeId)).toBe(true);
    expect(
      await isResponsibleOffice(
        db,
        actor({ role: 'admin', unitId: null, unitCode: null }),
        communeId,
      ),
    ).toBe(true);
  });

  it('is never an office above it, even one that answers and resolves it', async () => {
    const db = database.db;
    for (const role of ['district', 'province'] as const) {
      const office = actor({ role, unitId: provinceId, unitCode: '15' });
      expect(await isResponsibleOffice(db, office, communeId), role).toBe(false);
      const actions = await allowedActions(
        db,
        { actor: office, ip: null, requestId: 't' },
        communeId,
      );
      expect(actions, role).toEqual(expect.arrayContaining(['answer', 'resolve', 'reject']));
      expect(actions, role).not.toContain('close');
    }
    const commune = actor({ role: 'commune', unitId: communeId, unitCode: '04381' });
    expect(await isResponsibleOffice(db, commune, provinceId)).toBe(false);
  });
});
