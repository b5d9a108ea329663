import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  auditListResponse,
  auditQuery,
  changePasswordBody,
  createUserBody,
  listUsersQuery,
  loginBody,
  loginResponse,
  meResponse,
  resetPasswordBody,
  updateUserBody,
  userListResponse,
  userView,
} from './api';
import { listAudit } from '../audit/service';
import {
  changePassword,
  createUser,
  getMe,
  listUsers,
  login,
  logout,
  logoutEverywhere,
  resetPassword,
  updateUser,
} from './service';
import { sessionCookieName } from './sessions';

const tagAuth = 'Đăng nhập';
const tagUsers = 'Người dùng';
const tagAudit = 'Nhật ký';

/** Sign-in, sessions, user management and the audit log. */
export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const secureCookie = app.config.nodeEnv === 'production';
  const db = app.database.db;

  app.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: { max: app.config.loginRatePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: [tagAuth],
        summary: 'Đăng nhập',
        description:
          'Kiểm tra tên đăng nhập và mật khẩu; thành công thì đặt cookie phiên `ntm_session` ' +
          '(httpOnly, SameSite=Lax) và cấp phiên mới (phiên cũ của trình duyệt bị hủy). Sai mật ' +
          'khẩu quá nhiều lần từ một địa chỉ thì tài khoản tạm khóa với riêng địa chỉ đó; câu trả ' +
          'lời (401) giống hệt khi sai mật khẩu hay sai tên đăng nhập.',
        body: loginBody,
        response: { 200: loginResponse },
      },
    },
    async (request, reply) => {
      const outcome = await db.transaction((tx) =>
        login(
          tx,
          app.config,
          request.context,
          { ...request.body, previousToken: request.cookies[sessionCookieName] },
          { userAgent: request.headers['user-agent'] ?? null },
        ),
      );
      if (!outcome.ok) throw outcome.error;
      reply.setCookie(sessionCookieName, outcome.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        expires: outcome.expiresAt,
      });
      return { user: outcome.user };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: [tagAuth],
        summary: 'Đăng xuất (phiên hiện tại)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await db.transaction((tx) => logout(tx, request.context, request.cookies[sessionCookieName]));
      reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    {
      schema: {
        tags: [tagAuth],
        summary: 'Đăng xuất khỏi mọi thiết bị',
        response: { 200: z.object({ revoked: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const revoked = await db.transaction((tx) => logoutEverywhere(tx, request.context));
      reply.clearCookie(sessionCookieName, { path: '/' });
      return { revoked };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: [tagAuth],
        summary: 'Người dùng đang đăng nhập',
        response: { 200: meResponse },
      },
    },
    async (request) => getMe(db, request.context),
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: [tagAuth],
        summary: 'Đổi mật khẩu',
        description: 'Mật khẩu mới: ít nhất 10 ký tự, có chữ và số, không chứa tên đăng nhập.',
        body: changePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await db.transaction((tx) =>
        changePassword(tx, request.context, request.body, request.cookies[sessionCookieName]),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: [tagUsers],
        summary: 'Danh sách người dùng trong phạm vi quản lý',
        querystring: listUsersQuery,
        response: { 200: userListResponse },
      },
    },
    async (request) => listUsers(db, request.context, request.query),
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: [tagUsers],
        summary: 'Tạo người dùng',
        description: 'Quản trị hệ thống: mọi vai trò; VPĐP tỉnh: các vai trò trong tỉnh của mình.',
        body: createUserBody,
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      const user = await db.transaction((tx) => createUser(tx, request.context, request.body));
      return reply.code(201).send(user);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: [tagUsers],
        summary: 'Sửa người dùng (kèm phiên bản đã đọc; 409 nếu đã bị người khác sửa)',
        params: z.object({ id: z.string().uuid() }),
        body: updateUserBody,
        response: { 200: userView },
      },
    },
    async (request) =>
      db.transaction((tx) => updateUser(tx, request.context, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      schema: {
        tags: [tagUsers],
        summary: 'Đặt lại mật khẩu (người dùng phải đổi ở lần đăng nhập sau)',
        params: z.object({ id: z.string().uuid() }),
        body: resetPasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await db.transaction((tx) =>
        resetPassword(tx, request.context, request.params.id, request.body.newPassword),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: [tagAudit],
        summary: 'Nhật ký thay đổi (chỉ quản trị hệ thống; chỉ đọc)',
        querystring: auditQuery,
        response: { 200: auditListResponse },
      },
    },
    async (request) => listAudit(db, request.context, request.query),
  );
};
