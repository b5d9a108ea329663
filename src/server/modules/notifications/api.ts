import { z } from 'zod';

/** In-app notifications of the signed-in person. */

export const notificationItem = z
  .object({
    id: z.number().int(),
    kind: z
      .string()
      .describe(
        'Loại: submission.submit (có số liệu chờ duyệt), submission.approve (đã duyệt), ' +
          'submission.return (bị trả lại), submission.reopen (được mở lại)',
      ),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    message: z.string().describe('Nội dung thông báo, theo ngôn ngữ của người đọc'),
    link: z.string().nullable().describe('Trang liên quan trong ứng dụng'),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .describe('Một thông báo');

export const listNotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional().describe('true: chỉ thông báo chưa đọc'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const listNotificationsResponse = z.object({
  items: z.array(notificationItem),
  unread: z.number().int().describe('Số thông báo chưa đọc'),
});

export const notificationIdParams = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export type NotificationItem = z.infer<typeof notificationItem>;
export type ListNotificationsResponse = z.infer<typeof listNotificationsResponse>;
