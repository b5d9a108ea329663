import type { TFunction } from 'i18next';
import type { RoleAssignment } from '../auth/types';

/** "Cán bộ xã — Xã Lâm Giang"; "Quản trị hệ thống — toàn quốc". */
export function roleText(t: TFunction, assignment: RoleAssignment): string {
  const role = t(`roles.${assignment.role}`);
  return `${role} — ${assignment.unit ? assignment.unit.name : t('users.nationwide')}`;
}
