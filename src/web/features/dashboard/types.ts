import type {
  StatsCommunesResponse,
  StatsSummaryResponse,
} from '../../../server/modules/evaluation/api';
import type { UnitValuesResponse } from '../../../server/modules/values/api';

export type StatsSummary = StatsSummaryResponse;
export type StatsTotals = StatsSummaryResponse['totals'];
export type StatsChild = StatsSummaryResponse['children'][number];
export type StatsBand = StatsSummaryResponse['bands'][number];
export type StatsCommunes = StatsCommunesResponse;
export type StatsCommune = StatsCommunesResponse['items'][number];
export type CommuneValues = UnitValuesResponse;

/** How communes are placed: the map of the year, or today's map through the lineage. */
export type MapMode = 'year' | 'current';

/** The scope of every statistics call: the country (unit undefined) or a unit, for a year. */
export interface StatsScope {
  unit?: string;
  year: number;
  map: MapMode;
  /** A commune criteria set; the central one of the year when absent. */
  set?: string;
}
