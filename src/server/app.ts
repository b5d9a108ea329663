import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import { AppError } from './errors';
import { languageFromHeader, type Language } from './i18n';
import { platformVersion } from './version';
import { systemRoutes } from './modules/system/routes';
import { seedStepRegistry } from './db/seed-registry';
import { accountsRoutes } from './modules/accounts/routes';
import { requestContextPlugin } from './modules/accounts/context-plugin';
import { scheduleSessionPurge } from './modules/accounts/housekeeping';
import { recordAudit } from './modules/audit/service';
import { unitsRoutes } from './modules/units/routes';
import { onUnitClassChange } from './modules/units/events';
import { refreshEvaluationsOfUnit } from './modules/values/service';
import { criteriaRoutes } from './modules/criteria/routes';
import { valuesRoutes } from './modules/values/routes';
import { valuesImportRoutes } from './modules/values/import-routes';
import { evidenceRoutes } from './modules/values/evidence-routes';
import { notificationsRoutes } from './modules/notifications/routes';
import { recognitionRoutes } from './modules/recognition/routes';
import { surveysRoutes } from './modules/surveys/routes';
import { feedbackRoutes } from './modules/feedback/routes';
import { ocopRoutes } from './modules/ocop/routes';
import { statsRoutes } from './modules/evaluation/routes';
import { reportRoutes } from './modules/reports/routes';
import { targetsRoutes } from './modules/targets/routes';
import { countAnonymousRefusal } from './modules/system/metrics';
import { checkOrigin, checkText } from './request-guards';
import { describeIssue } from './validation-messages';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
  }
  interface FastifyRequest {
    language: Language;
  }
}

/**
 * Instrumentation for fault tests (a crash in the middle of an import): passed only by
 * `src/server/test/paused-import-server.ts`; production code paths never receive it.
 */
export interface AppHooks {
  /** Awaited inside an import's transaction once half of its communes are written. */
  afterImportHalf?: () => Promise<void>;
}

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  /** Pino options, or false to silence logs (tests). Defaults to JSON logs at the config's level. */
  logger?: boolean | Record<string, unknown>;
  hooks?: AppHooks;
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; params: Record<string, unknown>; requestId: string };
  [extra: string]: unknown;
}

function errorBody(request: FastifyRequest, error: AppError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.messageIn(request.language),
      params: error.params,
      requestId: request.id,
    },
    ...error.extra,
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / 1024 / 1024)} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

/** Maps any thrown error to a typed AppError (unknown ones become `internal`, status 500). */
function toAppError(error: unknown, request: FastifyRequest, bodyLimit: number): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return new AppError('internal', 500, { requestId: request.id });
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation
      .map((issue) => {
        const where = `${error.validationContext ?? ''}${issue.instancePath.replaceAll('/', '.')}`;
        return `${where || 'body'}: ${describeIssue(issue, request.language)}`;
      })
      .join('; ');
    return new AppError('validation', 400, { details });
  }
  const code = (error as FastifyError).code;
  const statusCode = (error as FastifyError).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('payload_too_large', 413, { limit: formatBytes(bodyLimit) });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('unsupported_media_type', 415, {
      contentType: request.headers['content-type'] ?? '',
    });
  }
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return new AppError('bad_request', statusCode, { details: error.message });
  }
  return new AppError('internal', 500, { requestId: request.id }, { cause: error });
}

/** Builds the HTTP application from its modules. Does not listen: the caller decides. */
export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config, database } = dependencies;
  const app = Fastify({
    logger:
      dependencies.logger ??
      ({
        level: config.logLevel,
        redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      } as const),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Our own id, always: it names the request in the logs and the audit log. A client's
    // `x-request-id` is never trusted for that; it is kept (checked, at most 64 characters) only
    // as `clientRequestId` in the request's log line, for correlation.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorateRequest('language', 'vi');
  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromHeader(request.headers['accept-language']);
    reply.header('x-request-id', request.id);
    const clientRequestId = request.headers['x-request-id'];
    if (typeof clientRequestId === 'string' && /^[\w.:-]{1,64}$/.test(clientRequestId)) {
      request.log.info({ clientRequestId }, 'client request id');
    }
  });
  // State changes only from our own pages (CSRF); text PostgreSQL cannot store is a 400.
  app.addHook('onRequest', checkOrigin);
  app.addHook('preValidation', checkText);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.nodeEnv === 'production',
  });
  await app.register(cookie);
  // Uploads (evidence files, import workbooks): one file per request, size-limited; the file's
  // name is never trusted (checked by the modules) and its type is read from its content.
  await app.register(multipart, {
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20, parts: 30 },
  });
  // Limits only where a route asks for one (sign-in); bulk traffic is bounded by the body limit.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'NTM Platform API',
        version: platformVersion,
        description:
          'Giao diện lập trình của Nền tảng số Nông thôn mới: đơn vị hành chính, bộ tiêu chí, ' +
          'số liệu, đánh giá, công nhận, khảo sát, OCOP, bản đồ và dữ liệu mở. ' +
          'Lỗi trả về dạng `{ "error": { "code", "message", "params", "requestId" } }`, thông điệp ' +
          'bằng tiếng Việt (gửi `Accept-Language: en` để nhận tiếng Anh).',
      },
      tags: [
        { name: 'Hệ thống', description: 'Tình trạng và thông tin hệ thống' },
        { name: 'Đăng nhập', description: 'Đăng nhập, phiên làm việc, đổi mật khẩu' },
        { name: 'Người dùng', description: 'Quản lý tài khoản và vai trò theo phạm vi đơn vị' },
        { name: 'Nhật ký', description: 'Nhật ký mọi thay đổi và mọi lần bị từ chối (chỉ đọc)' },
        {
          name: 'Đơn vị hành chính',
          description:
            'Tỉnh, huyện, xã theo thời gian (trước và sau 01/07/2025) và lịch sử sáp nhập',
        },
        {
          name: 'Bộ tiêu chí',
          description:
            'Bộ tiêu chí nông thôn mới theo phiên bản: tiêu chí, chỉ tiêu, ngưỡng theo vùng/nhóm xã ' +
            'và năm, dấu "chưa xác minh"; soạn, kiểm tra và công bố (quản trị viên)',
        },
        {
          name: 'Công nhận',
          description:
            'Xét, công nhận, công bố, thu hồi (18/2022/QĐ-TTg, 131/2025/NĐ-CP): quy trình theo ' +
            'phiên bản, hồ sơ và nhật ký thao tác, niêm yết và ý kiến người dân, quyết định (PDF), ' +
            'danh sách công nhận công khai, việc của tôi',
        },
        {
          name: 'Phản ánh cộng đồng',
          description:
            'Giám sát cộng đồng: người dân gửi phản ánh (ảnh, ẩn danh), xã tiếp nhận, trả lời, ' +
            'giải quyết, kết thúc; trang trạng thái công khai, hạn trả lời, chống gửi tràn',
        },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error, request, config.bodyLimitBytes);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, 'request rejected');
    if ((appError.status === 401 || appError.status === 403) && !request.context?.actor) {
      // Someone not signed in was refused (a guest's page load, a scan, a failed sign-in whose
      // own audit entry the sign-in wrote): a counter, never an audit row, so that no one can
      // flood the audit log anonymously.
      countAnonymousRefusal();
    } else if (appError.status === 401 || appError.status === 403) {
      // A signed-in user's refused attempt is audited outside the (rolled back) transaction.
      await recordAudit(
        database.db,
        request.context ?? { actor: null, ip: request.ip, requestId: request.id },
        {
          action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
          outcome: 'denied',
          entityType: 'request',
          entityId: request.url.split('?')[0] ?? null,
          details: { code: appError.code, params: appError.params },
        },
      ).catch((auditError: unknown) => request.log.error({ err: auditError }, 'audit failed'));
    }
    return reply.code(appError.status).send(errorBody(request, appError));
  });

  await app.register(requestContextPlugin);
  scheduleSessionPurge(app);
  // A unit's class changed (attribute, class override): its stored evaluations follow.
  onUnitClassChange(refreshEvaluationsOfUnit);
  await app.register(systemRoutes, { seedSteps: seedStepRegistry });
  await app.register(accountsRoutes);
  await app.register(unitsRoutes);
  await app.register(criteriaRoutes);
  await app.register(valuesRoutes);
  await app.register(valuesImportRoutes, {
    ...(dependencies.hooks?.afterImportHalf
      ? { afterImportHalf: dependencies.hooks.afterImportHalf }
      : {}),
  });
  await app.register(evidenceRoutes);
  await app.register(recognitionRoutes);
  await app.register(surveysRoutes);
  await app.register(feedbackRoutes);
  await app.register(ocopRoutes);
  await app.register(notificationsRoutes);
  await app.register(statsRoutes);
  await app.register(reportRoutes);
  await app.register(targetsRoutes);

  const indexHtml = path.join(config.webDistDir, 'index.html');
  const webAvailable = fs.existsSync(indexHtml);
  if (webAvailable) {
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header(
          'cache-control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    if (!isApi && webAvailable && (request.method === 'GET' || request.method === 'HEAD')) {
      // The web app routes on the client: every other page gets index.html.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const notFound = new AppError('not_found', 404, { path: request.url.split('?')[0] });
    return reply.code(404).send(errorBody(request, notFound));
  });

  return app;
}
