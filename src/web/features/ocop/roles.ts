import { hasRole } from '../auth/types';
import type { Me } from '../auth/types';

/* Who sees OCOP's office pieces (the server decides every action; these only show or hide). */

/** Who manages score sheets (the server decides; this only shows the page and its link). */
export const canManageSheets = (me: Me | null | undefined) => hasRole(me, 'admin', 'central');

/** Who may revoke a certificate of a province: national accounts, that province's office. */
export const canRevokeCertificates = (me: Me | null | undefined, provinceCode?: string | null) =>
  hasRole(me, 'admin', 'central') ||
  !!me?.roles.some(
    (role) => role.role === 'province' && !!provinceCode && role.unit?.code === provinceCode,
  );

/** The offices that see the OCOP figures card. */
export const isOcopOffice = (me: Me | null | undefined) =>
  hasRole(me, 'admin', 'central', 'province', 'sector', 'district', 'commune');
