import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/**
 * Checks made once for every request, before any route runs:
 *
 * - **Origin of state changes** (CSRF): a POST, PUT, PATCH or DELETE must come from the platform's
 *   own pages. Its `Origin` header (or, when a browser sends none, its `Referer`) must name the
 *   host the request was sent to (the `Host` header; behind a proxy with `NTM_TRUST_PROXY`, the
 *   forwarded host). A request that names no origin at all is refused when it carries the session
 *   cookie (a browser always names the origin of a cross-site POST; only a forged or stripped
 *   request lacks it) and accepted when it carries no cookie: a script or API client without the
 *   session cookie has no ambient authority to abuse, and signs in like anyone else.
 * - **Text PostgreSQL cannot store**: a NUL character or a lone UTF-16 surrogate anywhere in the
 *   JSON body, the query string or the path parameters is a 400 naming the field.
 */

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sessionCookie = /(?:^|;\s*)ntm_session=/;

function originOf(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The host:port the request named, in the scheme of the origin (default ports dropped). */
function sameHost(source: URL, requestHost: string): boolean {
  try {
    return new URL(`${source.protocol}//${requestHost}`).host === source.host;
  } catch {
    return false;
  }
}

export async function checkOrigin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!stateChanging.has(request.method)) return;
  const origin = request.headers.origin;
  const referer = request.headers.referer;
  const named = typeof origin === 'string' ? origin : typeof referer === 'string' ? referer : null;
  if (named === null) {
    const cookie = request.headers.cookie;
    if (typeof cookie === 'string' && sessionCookie.test(cookie)) {
      throw new AppError('origin_refused', 403, { origin: '-' });
    }
    return;
  }
  const source = originOf(named);
  if (!source || !sameHost(source, request.host)) {
    throw new AppError('origin_refused', 403, {
      origin: source ? source.origin : named.slice(0, 100),
    });
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badText(text: string): boolean {
  return text.includes('\u0000') || loneSurrogate.test(text);
}

/** The path of the first string (or key) holding a NUL or a lone surrogate, or null. */
export function findBadText(value: unknown, root: string): string | null {
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length > 0) {
    const [current, where] = pending.pop()!;
    if (typeof current === 'string') {
      if (badText(current)) return where;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, `${where}.${index}`]));
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, inner] of Object.entries(current as Record<string, unknown>)) {
        if (badText(key)) return where;
        pending.push([inner, `${where}.${key}`]);
      }
    }
  }
  return null;
}

export async function checkText(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [
    ['body', request.body],
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    const where = findBadText(value, part);
    if (where !== null) {
      throw new AppError('text_invalid', 400, { field: where.replace(/^body\./, '') });
    }
  }
}
