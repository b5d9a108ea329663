import { z } from 'zod';

export const healthResponse = z
  .object({
    status: z.enum(['ok', 'error']).describe('ok khi cơ sở dữ liệu trả lời và đã nâng cấp đủ'),
    version: z.string().describe('Phiên bản phần mềm'),
    engine: z.enum(['pglite', 'postgres']).describe('Loại cơ sở dữ liệu đang dùng'),
    database: z.object({
      reachable: z.boolean(),
      latencyMs: z.number().nullable().describe('Thời gian trả lời một truy vấn đơn giản (ms)'),
    }),
    migrations: z
      .object({
        applied: z.number().int(),
        latest: z.string().nullable(),
        pending: z.number().int(),
        known: z.number().int(),
      })
      .nullable()
      .describe('Mức nâng cấp cơ sở dữ liệu (null khi không đọc được)'),
    uptimeSeconds: z.number(),
    metrics: z
      .object({
        anonymousRefusals: z
          .number()
          .int()
          .describe(
            'Số yêu cầu bị từ chối (401/403) của người chưa đăng nhập, từ khi tiến trình chạy ' +
              '(đếm, không ghi nhật ký)',
          ),
      })
      .describe('Bộ đếm của tiến trình này'),
  })
  .describe('Tình trạng hệ thống');

export type HealthResponse = z.infer<typeof healthResponse>;
