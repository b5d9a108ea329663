/** Addresses of the pages (Vietnamese, as officials read them); the API docs are served by the server. */
export const paths = {
  home: '/',
  units: '/don-vi',
  unlinkedUnits: '/don-vi/chua-lien-ket',
  login: '/dang-nhap',
  changePassword: '/doi-mat-khau',
  users: '/quan-tri/nguoi-dung',
  audit: '/quan-tri/nhat-ky',
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
