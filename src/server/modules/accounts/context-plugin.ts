import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import { resolveSessionActor, sessionCookieName } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (null actor: anonymous), resolved from the session cookie. */
    context: RequestContext;
  }
}

/** Routes a user who must change their password may still call. */
const allowedWhilePasswordChangeRequired = new Set([
  '/api/v1/auth/me',
  '/api/v1/auth/password',
  '/api/v1/auth/logout',
  '/api/v1/auth/logout-all',
  '/api/v1/auth/login',
]);

/**
 * Resolves the session cookie into the request's actor (a forged, expired or revoked cookie is
 * simply no actor: protected routes then answer 401).
 */
export const requestContextPlugin = fp(async (app) => {
  app.decorateRequest('context', null as unknown as RequestContext);
  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    request.context = { actor: null, ip: request.ip, requestId: request.id };
    const token = request.cookies[sessionCookieName];
    if (!token || !request.url.startsWith('/api/')) return;
    const policy = {
      idleMinutes: app.config.sessionIdleMinutes,
      maxHours: app.config.sessionMaxHours,
    };
    const actor = await resolveSessionActor(app.database.db, token, policy);
    if (!actor) return;
    request.context = { actor, ip: request.ip, requestId: request.id };
    const route = request.routeOptions.url ?? '';
    if (actor?.mustChangePassword && !allowedWhilePasswordChangeRequired.has(route)) {
      throw new AppError('auth.password_change_required', 403);
    }
  });
});
