/** The roles of the platform (glossary: VPĐP central/province/district, sector departments…). */
export const roles = [
  'admin',
  'central',
  'province',
  'sector',
  'district',
  'commune',
  'appraiser',
  'ocop_council',
  'front',
  'producer',
  'viewer',
] as const;
export type Role = (typeof roles)[number];

/** Roles that cover the whole country whatever their unit (a unit is optional for them). */
export const nationalRoles: readonly Role[] = ['admin', 'central'];

/** Roles that may change data of units inside their scope (entry, approval, unit attributes…). */
export const unitWriterRoles: readonly Role[] = ['admin', 'province', 'district', 'commune'];

/** Roles that manage user accounts inside their scope. */
export const userManagerRoles: readonly Role[] = ['admin', 'province'];

/** Roles that may assign unit attributes (commune group, flags): the province office. */
export const unitAttributeEditorRoles: readonly Role[] = ['admin', 'province'];

/** Which roles each role may grant when it creates or edits a user. */
export const grantableRoles: Record<Role, readonly Role[]> = {
  admin: roles,
  province: [
    'province',
    'sector',
    'district',
    'commune',
    'appraiser',
    'ocop_council',
    'front',
    'producer',
    'viewer',
  ],
  central: [],
  sector: [],
  district: [],
  commune: [],
  appraiser: [],
  ocop_council: [],
  front: [],
  producer: [],
  viewer: [],
};
