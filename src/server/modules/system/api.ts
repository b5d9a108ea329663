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

export const liveResponse = z
  .object({
    status: z.literal('ok'),
    uptimeSeconds: z.number(),
  })
  .describe('Tiến trình đang chạy (không hỏi cơ sở dữ liệu)');

export const readinessReason = z.enum([
  'draining',
  'database_unreachable',
  'migrations_pending',
  'schema_newer',
  'seed_incomplete',
]);

export const readyResponse = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    reason: readinessReason
      .nullable()
      .describe('Vì sao chưa sẵn sàng (mã ổn định); null khi sẵn sàng'),
    message: z
      .string()
      .nullable()
      .describe('Lý do bằng tiếng Việt (tiếng Anh với Accept-Language: en); null khi sẵn sàng'),
    checks: z
      .object({
        database: z.boolean().describe('Cơ sở dữ liệu trả lời'),
        migrations: z.boolean().describe('Mức nâng cấp cơ sở dữ liệu đúng mức phần mềm cần'),
        seed: z.boolean().describe('Các bước nạp dữ liệu ban đầu đã xong'),
        draining: z.boolean().describe('Máy chủ đang dừng (không nhận yêu cầu mới)'),
      })
      .describe('Từng điều kiện'),
  })
  .describe('Máy chủ có sẵn sàng nhận yêu cầu không');

export type ReadinessReason = z.infer<typeof readinessReason>;
export type ReadyResponse = z.infer<typeof readyResponse>;
