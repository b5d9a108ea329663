import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponse } from './api';
import { checkHealth } from './service';

/** System routes: health (for operators, load balancers and the web shell). */
export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['Hệ thống'],
        summary: 'Tình trạng hệ thống',
        description:
          'Cơ sở dữ liệu có trả lời không, mức nâng cấp cơ sở dữ liệu, phiên bản phần mềm. ' +
          'Trả 200 khi mọi thứ hoạt động, 503 khi không.',
        response: { 200: healthResponse, 503: healthResponse },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(app.database);
      reply.header('cache-control', 'no-store');
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
};
