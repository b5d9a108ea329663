import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ocopOfficeRoutes } from './routes-office';
import { ocopDecisionRoutes } from './routes-decisions';
import { ocopPublicRoutes } from './routes-public';

/**
 * OCOP's routes (`/api/v1/ocop/…`, docs/ocop.md): each part of the module registers its own
 * plugin here.
 */
export const ocopRoutes: FastifyPluginAsyncZod = async (app) => {
  void app;
  await app.register(ocopOfficeRoutes);
  await app.register(ocopPublicRoutes);
  await app.register(ocopDecisionRoutes);
};
