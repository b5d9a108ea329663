import { todayInVietnam } from '../units/model';
import { findUnit } from '../units/service';
import type { SeedStep } from '../../db/seed';
import { AppError } from '../../errors';
import { systemContext } from '../../auth/actor';
import type { Role } from '../../auth/roles';
import { createUserAsOperator } from './service';

/** The password of every demo account (demo mode only; never created in production). */
export const demoPassword = 'NongThonMoi2025';

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Official code of the unit, valid on `asOf` (null: national). */
  unitCode: string | null;
  asOf?: string;
  description: string;
}

/**
 * One account per role at real units: the new Tỉnh Lào Cai (merged with Yên Bái on 01/07/2025)
 * and its rural commune Xã Lâm Giang (04381), formed from the old Lâm Giang and Lang Thíp; the old
 * Huyện Văn Yên (Yên Bái) for the district office that existed until 30/06/2025.
 */
export const demoAccounts: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'Quản trị hệ thống (demo)',
    role: 'admin',
    unitCode: null,
    description: 'Quản trị hệ thống',
  },
  {
    username: 'trunguong',
    displayName: 'Nguyễn Văn An (VPĐP trung ương, demo)',
    role: 'central',
    unitCode: null,
    description: 'VPĐP trung ương',
  },
  {
    username: 'tinh.laocai',
    displayName: 'Trần Thị Bình (VPĐP tỉnh Lào Cai, demo)',
    role: 'province',
    unitCode: '15',
    description: 'VPĐP tỉnh Lào Cai',
  },
  {
    username: 'so.laocai',
    displayName: 'Lê Văn Cường (Sở, ngành tỉnh Lào Cai, demo)',
    role: 'sector',
    unitCode: '15',
    description: 'Sở, ngành tỉnh Lào Cai',
  },
  {
    username: 'huyen.vanyen',
    displayName: 'Phạm Thị Dung (VPĐP huyện Văn Yên, đến 30/06/2025, demo)',
    role: 'district',
    unitCode: '136',
    asOf: '2025-06-30',
    description: 'VPĐP huyện Văn Yên (cũ)',
  },
  {
    username: 'xa.lamgiang',
    displayName: 'Hoàng Văn Em (cán bộ xã Lâm Giang, demo)',
    role: 'commune',
    unitCode: '04381',
    description: 'Cán bộ xã Lâm Giang',
  },
  {
    username: 'thamdinh.laocai',
    displayName: 'Vũ Thị Hoa (hội đồng thẩm định tỉnh Lào Cai, demo)',
    role: 'appraiser',
    unitCode: '15',
    description: 'Hội đồng thẩm định tỉnh',
  },
  {
    username: 'ocop.laocai',
    displayName: 'Đỗ Văn Giang (hội đồng OCOP tỉnh Lào Cai, demo)',
    role: 'ocop_council',
    unitCode: '15',
    description: 'Hội đồng OCOP tỉnh',
  },
  {
    username: 'ocop.htxlamgiang',
    displayName: 'Hoàng Thị Mai (HTX Nông lâm sản Lâm Giang, demo)',
    role: 'producer',
    unitCode: '04381',
    description: 'Chủ thể OCOP: HTX Nông lâm sản Lâm Giang (xã Lâm Giang)',
  },
  {
    username: 'ocop.hoidong1',
    displayName: 'Nguyễn Văn Hải (hội đồng OCOP tỉnh Lào Cai, demo)',
    role: 'ocop_council',
    unitCode: '15',
    description: 'Thành viên hội đồng OCOP tỉnh (1)',
  },
  {
    username: 'ocop.hoidong2',
    displayName: 'Trần Thị Hoa (hội đồng OCOP tỉnh Lào Cai, demo)',
    role: 'ocop_council',
    unitCode: '15',
    description: 'Thành viên hội đồng OCOP tỉnh (2)',
  },
  {
    username: 'ocop.hoidong3',
    displayName: 'Lê Văn Khánh (hội đồng OCOP tỉnh Lào Cai, demo)',
    role: 'ocop_council',
    unitCode: '15',
    description: 'Thành viên hội đồng OCOP tỉnh (3)',
  },
  {
    username: 'mttq.lamgiang',
    displayName: 'Lý Thị Lan (Ủy ban MTTQ xã Lâm Giang, demo)',
    role: 'front',
    unitCode: '04381',
    description: 'Ủy ban MTTQ xã Lâm Giang (lấy ý kiến sự hài lòng)',
  },
  {
    username: 'xem.laocai',
    displayName: 'Bùi Thị Hạnh (người xem, tỉnh Lào Cai, demo)',
    role: 'viewer',
    unitCode: '15',
    description: 'Người xem (tỉnh Lào Cai)',
  },
];

export const demoAccountsSeedStep: SeedStep = {
  name: 'demo-accounts',
  demoOnly: true,
  description: {
    vi: 'Tài khoản demo, mỗi vai trò một tài khoản tại đơn vị thật (chỉ ở chế độ demo)',
    en: 'Demo accounts, one per role at real units (demo mode only)',
  },
  async run(tx, progress) {
    const context = systemContext('seed');
    let done = 0;
    for (const account of demoAccounts) {
      const asOf = account.asOf ?? todayInVietnam();
      if (account.unitCode && !(await findUnit(tx, account.unitCode, asOf))) {
        throw new AppError('units.not_found', 404, { code: account.unitCode });
      }
      await createUserAsOperator(
        tx,
        context,
        {
          username: account.username,
          displayName: account.displayName,
          password: demoPassword,
          unitCode: account.unitCode,
          roles: [
            { role: account.role, ...(account.unitCode ? { unitCode: account.unitCode } : {}) },
          ],
        },
        asOf,
      );
      progress({ task: 'Tài khoản demo', done: ++done, total: demoAccounts.length });
    }
    return { accounts: demoAccounts.length };
  },
};
