import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponse, liveResponse, readyResponse } from './api';
import { isDraining } from './draining';
import { checkHealth, checkReadiness, type SeedStepName } from './service';

const startedAt = Date.now();

/** System routes: health, liveness and readiness (for operators, load balancers, the web shell). */
export const systemRoutes: FastifyPluginAsyncZod<{
  /** The seed steps a ready server has run (the composition root's registry). */
  seedSteps: readonly SeedStepName[];
}> = async (app, options) => {
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
  app.get(
    '/api/live',
    {
      schema: {
        tags: ['Hệ thống'],
        summary: 'Tiến trình còn sống (liveness)',
        description:
          'Luôn trả 200 khi tiến trình còn trả lời, không hỏi cơ sở dữ liệu: dùng cho kiểm tra ' +
          '"còn sống" (khởi động lại tiến trình khi không trả lời). Không dùng để quyết định gửi ' +
          'yêu cầu tới máy chủ: việc đó là của /api/ready.',
        response: { 200: liveResponse },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
    },
  );

  app.get(
    '/api/ready',
    {
      schema: {
        tags: ['Hệ thống'],
        summary: 'Sẵn sàng nhận yêu cầu (readiness)',
        description:
          'Trả 200 chỉ khi cơ sở dữ liệu trả lời, đã nâng cấp đúng mức phần mềm cần (không cũ ' +
          'hơn, không mới hơn), dữ liệu ban đầu đã nạp xong và máy chủ không đang dừng; nếu ' +
          'không, trả 503 với lý do (`reason`, `message` bằng tiếng Việt). Bộ cân bằng tải ngừng ' +
          'gửi yêu cầu tới máy chủ trả 503. Không lưu đệm (`cache-control: no-store`).',
        response: { 200: readyResponse, 503: readyResponse },
      },
    },
    async (request, reply) => {
      const readiness = await checkReadiness(app.database, {
        seedSteps: options.seedSteps,
        demo: app.config.demo,
        draining: isDraining(app),
        language: request.language,
      });
      reply.header('cache-control', 'no-store');
      return reply.code(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );
};
