import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse } from '../units/api';
import { listNotificationsQuery, listNotificationsResponse, notificationIdParams } from './api';
import { listNotifications, markNotificationsRead } from './service';

const tags = ['Thông báo'];
const updatedResponse = z.object({ updated: z.number().int() });

/** The signed-in person's in-app notifications. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo của tôi',
        description: 'Các thông báo mới nhất (gửi, duyệt, trả lại số liệu…) và số chưa đọc.',
        querystring: listNotificationsQuery,
        response: { 200: listNotificationsResponse, 401: errorResponse },
      },
    },
    async (request) => listNotifications(db, request.context, request.query, request.language),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Đánh dấu một thông báo đã đọc',
        params: notificationIdParams,
        response: { 200: updatedResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request) =>
      db.transaction((tx) => markNotificationsRead(tx, request.context, request.params.id)),
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Đánh dấu mọi thông báo đã đọc',
        response: { 200: updatedResponse, 401: errorResponse },
      },
    },
    async (request) => db.transaction((tx) => markNotificationsRead(tx, request.context, null)),
  );
};
