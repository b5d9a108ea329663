/**
 * Items of GET /api/v1/units. To be replaced by the type exported from the server's
 * modules/units/api.ts once the units issue lands.
 */
export interface Unit {
  code: string;
  name: string;
  kind: string;
  level: 'province' | 'district' | 'commune' | 'village' | (string & {});
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface UnitPage {
  items: Unit[];
  total: number;
}
