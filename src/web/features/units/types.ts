import type {
  ListUnitsResponse,
  SearchUnitsResponse,
  UnitDetailResponse,
  UnitItem,
  UnitLineageResponse,
} from '../../../server/modules/units/api';

/** One version of a unit, as GET /api/v1/units lists it. */
export type Unit = UnitItem;
export type UnitPage = ListUnitsResponse;
export type UnitKind = UnitItem['kind'];
export type UnitLevel = UnitItem['level'];
/** An ancestor: code, name, kind, level. */
export type UnitSummary = UnitDetailResponse['ancestors'][number];
export type UnitDetail = UnitDetailResponse;
export type UnitAttribute = UnitDetailResponse['attributes'][number];
export type UnitVersion = UnitDetailResponse['versions'][number];
export type UnitSearchResult = SearchUnitsResponse['items'][number];
export type UnitSearchPage = SearchUnitsResponse;
export type UnitLineage = UnitLineageResponse;
export type LineageEntry = UnitLineageResponse['predecessors'][number];
export type LineageKind = LineageEntry['lineageKind'];
