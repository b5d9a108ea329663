/** Addresses of the pages (Vietnamese, as officials read them); the API docs are served by the server. */
export const paths = {
  home: '/',
  units: '/don-vi',
  unlinkedUnits: '/don-vi/chua-lien-ket',
  login: '/dang-nhap',
  changePassword: '/doi-mat-khau',
  users: '/quan-tri/nguoi-dung',
  audit: '/quan-tri/nhat-ky',
  criteria: '/bo-tieu-chi',
  newCriteriaSet: '/bo-tieu-chi/soan-moi',
  values: '/so-lieu',
  dashboard: '/bang-dieu-khien',
  targets: '/muc-tieu',
  dossiers: '/ho-so',
  dossier: (id: string) => `/ho-so/${encodeURIComponent(id)}`,
  inbox: '/viec-cua-toi',
  publicDossier: (id: string) => `/cong-khai/ho-so/${encodeURIComponent(id)}`,
  recognitions: '/cong-nhan',
  surveys: '/khao-sat-y-kien',
  feedbackNew: '/phan-anh/gui',
  feedbackOffice: '/phan-anh/quan-ly',
  ocop: '/ocop',
  ocopNewProduct: '/ocop/san-pham/moi',
  ocopNewApplication: '/ocop/ho-so/dang-ky',
  ocopSheets: '/ocop/phieu-cham',
  ocopCatalogue: '/san-pham-ocop',
  apiDocs: '/api/docs',
} as const;

/** Query parameter holding the "as of" date of unit pages (YYYY-MM-DD). */
export const AS_OF_PARAM = 'ngay';

/** Query parameter holding where to go after logging in or changing the password. */
export const NEXT_PARAM = 'tiep';

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The unit browser as of a date: /don-vi?ngay=2025-06-30. */
export function unitsPath(asOf?: string): string {
  return withQuery(paths.units, { [AS_OF_PARAM]: asOf });
}

/** A unit's page as of a date: /don-vi/04381?ngay=2025-07-01. */
export function unitPath(code: string, asOf?: string): string {
  return withQuery(`${paths.units}/${encodeURIComponent(code)}`, { [AS_OF_PARAM]: asOf });
}

/** Query parameter of the editor: the set a new version starts from. */
export const FROM_PARAM = 'tu';

/** A criteria set's page: /bo-tieu-chi/xa-ntm-2021-2025. */
export function criteriaSetPath(code: string): string {
  return `${paths.criteria}/${encodeURIComponent(code)}`;
}

/** The editor of a draft: /bo-tieu-chi/xa-ntm-2021-2025-v2/sua. */
export function criteriaDraftPath(code: string): string {
  return `${criteriaSetPath(code)}/sua`;
}

/** A new draft, started from a set's YAML when `from` is given: /bo-tieu-chi/soan-moi?tu=… */
export function newCriteriaSetPath(from?: string): string {
  return withQuery(paths.newCriteriaSet, { [FROM_PARAM]: from });
}

/** Query parameter of the comparison page: the earlier version. */
export const WITH_PARAM = 'voi';

/**
 * What changed from one version to another: /bo-tieu-chi/xa-ntm-2021-2025-v2/so-sanh?voi=…
 * (without `with`: the version this one amends or was drafted from).
 */
export function criteriaDiffPath(code: string, withCode?: string): string {
  return withQuery(`${criteriaSetPath(code)}/so-sanh`, { [WITH_PARAM]: withCode });
}

/** Query parameter of the values address without year and set: the latest year to consider. */
export const YEAR_PARAM = 'nam';

/**
 * A unit's indicator values for a year and criteria set: /so-lieu/04381/2025/xa-ntm-2021-2025
 * (the address the server's notifications link to).
 */
export function valuesPath(code: string, year: number, set: string): string {
  return `${paths.values}/${encodeURIComponent(code)}/${year}/${encodeURIComponent(set)}`;
}

/**
 * A unit's values, year and set to be found: the latest year up to `year` (this year when absent)
 * with a criteria set that fits the unit: /so-lieu/04381?nam=2024.
 */
export function unitValuesPath(code: string, year?: number): string {
  return withQuery(`${paths.values}/${encodeURIComponent(code)}`, {
    [YEAR_PARAM]: year === undefined ? undefined : String(year),
  });
}

/** The login page, coming back to `next` afterwards. */
export function loginPath(next?: string): string {
  return withQuery(paths.login, { [NEXT_PARAM]: next && next !== paths.home ? next : undefined });
}

export function changePasswordPath(next?: string): string {
  return withQuery(paths.changePassword, {
    [NEXT_PARAM]: next && next !== paths.home ? next : undefined,
  });
}

/**
 * Where to go after logging in: only a path of this app ("/don-vi?ngay=…"), never another site
 * ("//evil.example", "https://…") nor the login page itself.
 */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return paths.home;
  }
  if (value === paths.login || value.startsWith(`${paths.login}?`)) return paths.home;
  return value;
}

/** A satisfaction survey campaign: /khao-sat-y-kien/<id>. */
export function surveyPath(id: string): string {
  return `${paths.surveys}/${encodeURIComponent(id)}`;
}

/** A community report's public status page: /phan-anh/PA-2026-7KQ3M9. */
export function feedbackPath(code: string): string {
  return `/phan-anh/${encodeURIComponent(code)}`;
}

/** A community report for the offices: /phan-anh/quan-ly/PA-2026-7KQ3M9. */
export function feedbackOfficePath(code: string): string {
  return `${paths.feedbackOffice}/${encodeURIComponent(code)}`;
}

/** An OCOP application (Mẫu 01, Mẫu 02, pre-assessment): /ocop/ho-so/<id>. */
export function ocopApplicationPath(id: string): string {
  return `/ocop/ho-so/${encodeURIComponent(id)}`;
}

/** A new OCOP application for a product: /ocop/ho-so/dang-ky?san-pham=<id>. */
export function ocopNewApplicationPath(productId: string): string {
  return withQuery(paths.ocopNewApplication, { 'san-pham': productId });
}

/** An OCOP evaluation round (council, scoring, decisions): /ocop/dot/<id>. */
export function ocopRoundPath(id: string): string {
  return `/ocop/dot/${encodeURIComponent(id)}`;
}

/** A council member's score sheet of one application: /ocop/dot/<round>/cham/<application>. */
export function ocopScorePath(roundId: string, applicationId: string): string {
  return `${ocopRoundPath(roundId)}/cham/${encodeURIComponent(applicationId)}`;
}

/** A certified product's public page: /san-pham-ocop/<code>. */
export function ocopProductPath(code: string): string {
  return `${paths.ocopCatalogue}/${encodeURIComponent(code)}`;
}
