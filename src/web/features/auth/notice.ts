/** What the login page tells after a sign-out (it may be reached by more than one redirect). */
export type LoginNotice = { kind: 'loggedOut' } | { kind: 'loggedOutEverywhere'; revoked: number };

const KEY = 'ntm.loginNotice';

export function setLoginNotice(notice: LoginNotice): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(notice));
  } catch {
    // Storage unavailable: the sign-out still happens, without the notice.
  }
}

export function peekLoginNotice(): LoginNotice | null {
  try {
    const text = window.sessionStorage.getItem(KEY);
    const value = text ? (JSON.parse(text) as unknown) : null;
    return typeof value === 'object' && value !== null && 'kind' in value
      ? (value as LoginNotice)
      : null;
  } catch {
    return null;
  }
}

export function clearLoginNotice(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}
