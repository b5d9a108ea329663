import { z } from 'zod';
import { pageParam, saneIsoDate, versionNumber } from '../../api-schemas';
import { roles } from '../../auth/roles';

export const roleSchema = z
  .enum(roles)
  .describe(
    'Vai trò: admin (quản trị hệ thống), central (VPĐP trung ương), province (VPĐP tỉnh), ' +
      'sector (sở, ngành), district (VPĐP huyện), commune (cán bộ xã), appraiser (thành viên hội đồng ' +
      'thẩm định), ocop_council (thành viên hội đồng OCOP), front (Ủy ban MTTQ: lấy ý kiến sự hài lòng), ' +
      'producer (chủ thể OCOP: đăng ký, tự đánh giá sản phẩm), viewer (người xem)',
  );

const unitRef = z.object({ code: z.string(), name: z.string() });

export const roleView = z.object({
  role: roleSchema,
  unit: unitRef
    .extend({ level: z.string() })
    .nullable()
    .describe('Đơn vị của vai trò; null: toàn quốc'),
});

export const meResponse = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    unit: unitRef.nullable(),
    roles: z.array(roleView),
    mustChangePassword: z.boolean().describe('true: phải đổi mật khẩu trước khi làm việc khác'),
  })
  .describe('Người dùng đang đăng nhập');
export type Me = z.infer<typeof meResponse>;

export const userView = meResponse
  .omit({ mustChangePassword: true })
  .extend({
    active: z.boolean(),
    mustChangePassword: z.boolean(),
    lockedUntil: z.string().nullable().describe('Tạm khóa đến (ISO), do đăng nhập sai nhiều lần'),
    version: z.number().int().describe('Phiên bản, gửi lại khi sửa để phát hiện sửa đồng thời'),
    createdAt: z.string(),
  })
  .describe('Tài khoản người dùng');
export type UserView = z.infer<typeof userView>;

export const loginBody = z.object({
  username: z.string().min(1).max(200).describe('Tên đăng nhập'),
  password: z.string().min(1).max(500).describe('Mật khẩu'),
});
export const loginResponse = z.object({ user: meResponse });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: z.string().min(1).max(500),
});

export const assignmentInput = z.object({
  role: roleSchema,
  unitCode: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã đơn vị (mã GSO) của vai trò; bỏ trống với admin/central: toàn quốc'),
});

const username = z.string().min(1).max(64).describe('Tên đăng nhập: chữ không dấu, số, . - _');
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const createUserBody = z.object({
  username,
  displayName: z.string().trim().min(1).max(200).describe('Họ và tên'),
  email: z.string().trim().email().max(200).nullable().optional(),
  phone: optionalText(30),
  unitCode: z
    .string()
    .regex(/^\d{2,5}$/)
    .nullable()
    .optional()
    .describe('Đơn vị công tác'),
  password: z.string().min(1).max(500).describe('Mật khẩu ban đầu'),
  roles: z.array(assignmentInput).min(1).max(20),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  version: versionNumber(1),
  displayName: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().email().max(200).nullable().optional(),
  phone: optionalText(30),
  active: z.boolean().optional(),
  roles: z.array(assignmentInput).min(1).max(20).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.object({ newPassword: z.string().min(1).max(500) });

export const listUsersQuery = z.object({
  q: z.string().max(100).optional().describe('Tìm theo tên đăng nhập hoặc họ tên (không dấu được)'),
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Chỉ người dùng có vai trò trong đơn vị này'),
  page: pageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const userListResponse = z.object({ items: z.array(userView), total: z.number().int() });

export const auditQuery = z.object({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  actor: z.string().max(100).optional().describe('Tên đăng nhập của người thực hiện'),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: saneIsoDate.optional().describe('Từ ngày (YYYY-MM-DD)'),
  to: saneIsoDate.optional().describe('Đến ngày (YYYY-MM-DD), tính cả ngày đó'),
  page: pageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntryView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  provinceCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
});
export const auditListResponse = z.object({
  items: z.array(auditEntryView),
  total: z.number().int(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;
